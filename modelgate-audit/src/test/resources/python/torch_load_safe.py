import torch
from safetensors.torch import load_file

SAFE = True
a = torch.load("model.pt", weights_only=True)
b = torch.load("model.pt", weights_only=SAFE)
c = load_file("model.safetensors")


def load(path, **kwargs):
    # weights_only may come in **kwargs: the analysis cannot tell, so it stays quiet
    return torch.load(path, **kwargs)


def load2(path, weights_only):
    return torch.load(path, weights_only=weights_only)
