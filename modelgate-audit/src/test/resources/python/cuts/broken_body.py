# A syntax error inside a body the prefilter would cut: the whole file is parsed and the error
# reported where it is.
import pickle


def fine(p):
    return pickle.loads(open(p, "rb").read())  # expect: py.pickle-load


def broken(x):
    return (x +  # expect: audit.parse-error
