# Tab indentation: body extents are not trusted, the file is parsed whole.
from pickle import loads as L

def f(b):
	return L(b)  # expect: py.pickle-load

def g(x):
	return x
