import numpy as np

arr = np.load("data.npy")
arr = np.load("data.npy", allow_pickle=False)
