import pickle
import torch

a = pickle.loads(b"...")  # modelgate: ignore[py.pickle-load] cache written by this process
# modelgate: ignore[py.torch-load] trusted checkpoint produced by our own CI
b = torch.load("ckpt.pt")
c = torch.load("ckpt.pt")  # modelgate: ignore[py.torch-load]
