# No rule can fire: the file is not parsed at all, and gives no finding either way.
"""Mentions pickle.loads and torch.load only in a docstring."""


def add(a, b):
    # pickle.loads(a) in a comment is not a call
    return a + b
