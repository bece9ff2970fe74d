"""Writes the modelgate-spark benchmark tree: N small PyTorch checkpoints spread over org folders
and M large ones (sparse: their tensor data is a hole, read as zeros).

Written without torch (not installed here): each file is the PyTorch zip layout torch.save
writes (archive/data.pkl, archive/data/<key>, byteorder, version), its pickle made by Python's
pickle module with the same globals and persistent ids torch uses. The benchmark checks that
modelgate finds every one clean, i.e. reads them as valid checkpoints.

usage: python3 bench/spark-hub.py DIR SMALL LARGE LARGE_MIB
"""
import collections
import os
import pickle
import random
import struct
import sys
import types
import zlib

# Stand-ins named like torch's, so pickle writes torch's global references.
torch = types.ModuleType("torch")
utils = types.ModuleType("torch._utils")


def _rebuild_tensor_v2(*args):
    raise RuntimeError("never called: pickles are only written here")


_rebuild_tensor_v2.__module__ = "torch._utils"
utils._rebuild_tensor_v2 = _rebuild_tensor_v2
FloatStorage = type("FloatStorage", (), {"__module__": "torch"})
torch.FloatStorage = FloatStorage
torch._utils = utils
sys.modules["torch"], sys.modules["torch._utils"] = torch, utils


class Storage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce_ex__(self, protocol):
        stride = tuple(int(_prod(self.shape[i + 1:])) for i in range(len(self.shape)))
        return (_rebuild_tensor_v2,
                (self.storage, 0, self.shape, stride, False, collections.OrderedDict()))


def _prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", FloatStorage, obj.key, "cpu", obj.numel)
        return None


def state_dict_pickle(shapes):
    sd = collections.OrderedDict()
    for i, shape in enumerate(shapes):
        sd[f"layers.{i}.weight"] = Tensor(Storage(str(i), _prod(shape)), shape)
    buf = __import__("io").BytesIO()
    TorchPickler(buf, protocol=2).dump(sd)
    return buf.getvalue()


ZERO_CRC = {}


def zeros_crc(n):
    if n not in ZERO_CRC:
        chunk, crc, left = bytes(64 << 20), 0, n
        while left:
            k = min(left, len(chunk))
            crc = zlib.crc32(memoryview(chunk)[:k], crc)
            left -= k
        ZERO_CRC[n] = crc
    return ZERO_CRC[n]


def write_zip(path, entries):
    """entries: (name, bytes) or (name, int size of a hole of zeros); stored, no zip64."""
    central = []
    with open(path, "wb") as f:
        for name, data in entries:
            n = name.encode()
            size = data if isinstance(data, int) else len(data)
            crc = zeros_crc(size) if isinstance(data, int) else zlib.crc32(data)
            off = f.tell()
            # pad like torch so every record's data starts 64-byte aligned
            pad = (-(off + 30 + len(n) + 4)) % 64
            extra = struct.pack("<HH", 0xCAFE, pad) + bytes(pad)
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, crc, size, size,
                                len(n), len(extra)) + n + extra)
            if isinstance(data, int):
                f.seek(size, os.SEEK_CUR)
            else:
                f.write(data)
            central.append((n, crc, size, off))
        cd = f.tell()
        for n, crc, size, off in central:
            f.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0x21, crc,
                                size, size, len(n), 0, 0, 0, 0, 0, off) + n)
        end = f.tell()
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                            end - cd, cd, 0))


def checkpoint(path, shapes, hole=False):
    entries = [("archive/data.pkl", state_dict_pickle(shapes)),
               ("archive/byteorder", b"little")]
    for i, shape in enumerate(shapes):
        nbytes = 4 * _prod(shape)
        entries.append((f"archive/data/{i}", nbytes if hole else os.urandom(nbytes)))
    entries += [("archive/version", b"3\n"), ("archive/.data/serialization_id", b"%d" % i)]
    write_zip(path, entries)


def main():
    root, small, large, large_mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rnd = random.Random(15)
    for i in range(small):
        d = os.path.join(root, "small", f"org-{i % 100:03d}")
        os.makedirs(d, exist_ok=True)
        shapes = [(rnd.randint(8, 96), rnd.randint(8, 96)) for _ in range(rnd.randint(1, 4))]
        checkpoint(os.path.join(d, f"model-{i:05d}.pt"), shapes)
    d = os.path.join(root, "large")
    os.makedirs(d, exist_ok=True)
    for i in range(large):
        side = int((large_mib * 1024 * 1024 // 4 // 4) ** 0.5) + 1 + i  # 4 layers, >= LARGE_MIB
        checkpoint(os.path.join(d, f"checkpoint-{i:02d}.pt"), [(side, side)] * 4, hole=True)


if __name__ == "__main__":
    main()
