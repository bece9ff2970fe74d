# Bodies that name no sink themselves but reach one through a name bound outside them: the
# prefilter cuts them at first and must parse them again (SkippedBodies).
import pickle
import subprocess
from pickle import loads as L
from torch import load as tl
from builtins import eval as E

NAME = "loads"
KEY = "trust_remote_code"


def plain(p):
    with open(p, "rb") as f:
        return L(f.read())  # expect: py.pickle-load


def checkpoint(p):
    return tl(p)  # expect: py.torch-load


def by_name(b):
    return getattr(pickle, NAME)(b)  # expect: py.pickle-load


def remote(m):
    from transformers import AutoModel
    return AutoModel.from_pretrained(m, **{KEY: True})  # expect: py.trust-remote-code


def outer():
    from pickle import loads as inner_loads

    def inner(b):
        return inner_loads(b)  # expect: py.pickle-load

    return inner


class Service:
    def handle(self, sock):
        data = sock.recv(4096)
        return E(data)  # expect: py.exec-model-output

    def quiet(self, x):
        return x + 1


def unrelated(a, b):
    total = 0
    for k in range(a):
        total += k * b
    return total
