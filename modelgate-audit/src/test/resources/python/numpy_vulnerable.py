import numpy as np
from numpy import load

arr = np.load("data.npy", allow_pickle=True)  # expect: py.numpy-allow-pickle
arr = load("data.npz", None, True)  # expect: py.numpy-allow-pickle
