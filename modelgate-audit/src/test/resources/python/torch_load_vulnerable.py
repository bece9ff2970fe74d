import torch
import torch as t
from torch import load as L

state = torch.load("model.pt")  # expect: py.torch-load
state = t.load("model.pt", map_location="cpu", weights_only=False)  # expect: py.torch-load
state = L("model.pt", weights_only=None)  # expect: py.torch-load
UNSAFE = False
state = torch.load("model.pt", weights_only=UNSAFE)  # expect: py.torch-load
loader = getattr(torch, "load")
state = loader("model.pt")  # expect: py.torch-load
state = torch.jit.load("scripted.pt")  # expect: py.torch-jit-load
