import pickle

def broken(:
    pass

obj = pickle.loads(b"...")
