"""Writes N small benign model files into DIR, as real frameworks write them, for the many-file
scan benchmarks (bench/scan-many.sh): in folders of 100, a mix like a model hub's small files —
70 % torch.save state dicts (zip), 20 % plain pickles (protocol 2 and 4, dicts of lists and
numpy arrays), 10 % numpy .npy. Sizes 1-40 KiB, seeded, so every run builds the same tree.

usage: python bench/lib/small-files.py DIR N
"""
import os
import pickle
import random
import sys

import numpy as np
import torch

root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(14)
torch.manual_seed(14)
for i in range(n):
    d = os.path.join(root, f"part-{i // 100:03d}")
    os.makedirs(d, exist_ok=True)
    kind = rng.random()
    side = rng.choice([4, 8, 16, 24, 32, 48, 64])
    if kind < 0.7:
        sd = {f"layer{k}.weight": torch.randn(side, side) for k in range(rng.randint(1, 3))}
        sd["layer0.bias"] = torch.zeros(side)
        torch.save(sd, os.path.join(d, f"model-{i:05d}.pt"))
    elif kind < 0.9:
        obj = {"step": i, "lr": 0.001 * rng.random(), "names": [f"n{k}" for k in range(side)],
               "table": np.arange(side * side, dtype=np.float32).reshape(side, side)}
        with open(os.path.join(d, f"state-{i:05d}.pkl"), "wb") as f:
            pickle.dump(obj, f, protocol=rng.choice([2, 4]))
    else:
        np.save(os.path.join(d, f"array-{i:05d}.npy"),
                np.random.default_rng(i).standard_normal((side, side)).astype(np.float32))
