import pickle
import cPickle
import dill as d
import joblib
import pandas as pd
from pickle import loads as L
from cloudpickle import load
import importlib

with open("cache.pkl", "rb") as f:
    obj = pickle.load(f)  # expect: py.pickle-load
obj = L(b"...")  # expect: py.pickle-load
obj = d.loads(b"...")  # expect: py.pickle-load
obj = cPickle.loads(b"...")  # expect: py.pickle-load
obj = joblib.load("model.joblib")  # expect: py.pickle-load
df = pd.read_pickle("frame.pkl")  # expect: py.pickle-load
obj = load(open("x", "rb"))  # expect: py.pickle-load
obj = pickle.Unpickler(open("x", "rb")).load()  # expect: py.pickle-load
name = "lo" + "ads"
obj = getattr(pickle, name)(b"...")  # expect: py.pickle-load
obj = importlib.import_module("pickle").loads(b"...")  # expect: py.pickle-load
obj = __import__("marshal").loads(b"...")  # expect: py.pickle-load
