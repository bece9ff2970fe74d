#!/usr/bin/env python3
"""Copies small fixtures into ScannerFuzzTest's generated corpus before a fuzzing run.

Each seed is the fixture followed by one byte that selects, in ScannerFuzzTest.NAMES, the file
name the fixture is scanned under (so name-hinted handlers see their own fixtures). No Python
library is imported: the fixtures are copied byte for byte. The corpus is Jazzer's generated
corpus folder (.cifuzz-corpus/, git-ignored): seeds are made when fuzzing starts, not committed
(.ci/fuzz runs this). Regression replay of the fixtures is NoParserFailureTest's job.
"""
import os
import re
import shutil

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "modelgate-core", "src", "test")
FIXTURES = os.path.join(ROOT, "resources", "fixtures")
OUT = os.path.join(ROOT, "..", "..", ".cifuzz-corpus", "dev.modelgate.ScannerFuzzTest", "scan")
SRC = os.path.join(ROOT, "java", "dev", "modelgate", "ScannerFuzzTest.java")
MAX = 20 * 1024

names = re.findall(r'"([^"]+)"', re.search(r"NAMES = List\.of\((.*?)\);", open(SRC).read(),
                                             re.S).group(1))


def scan_name(fixture):
    base = os.path.basename(fixture)
    if base in names:
        return base
    ext = base.rsplit(".", 1)[-1] if "." in base else ""
    by_ext = {"pkl": "model.pkl", "dill": "model.pkl", "pt": "model.pt", "pth": "model.pt",
              "joblib": "model.joblib", "jinja": "chat_template.jinja", "onnx": "model.onnx",
              "h5": "model.h5", "keras": "model.keras", "safetensors": "model.safetensors",
              "gguf": "model.gguf", "npy": "model.npy", "npz": "model.npz", "tar": "model.tar",
              "7z": "model.7z", "zip": "model.zip", "tflite": "model.tflite", "gz": "model.gz",
              "pb": "saved_model.pb"}
    if base.endswith(".json"):
        return "tokenizer_config.json" if "token" in base or "template" in base else "config.json"
    if "keras_metadata" in base:
        return "keras_metadata.pb"
    if "frozen" in base:
        return "frozen_graph.pb"
    return by_ext.get(ext, "model.bin")


os.makedirs(OUT, exist_ok=True)
total = 0
for d, _, files in sorted(os.walk(FIXTURES)):
    if os.path.relpath(d, FIXTURES).split(os.sep)[0] == "integrity":
        continue  # signatures and keys: not model files
    for f in sorted(files):
        path = os.path.join(d, f)
        if os.path.getsize(path) > MAX:
            continue
        data = open(path, "rb").read() + bytes([names.index(scan_name(path))])
        seed = re.sub(r"[^A-Za-z0-9._-]", "_", os.path.relpath(path, FIXTURES))
        open(os.path.join(OUT, seed), "wb").write(data)
        total += len(data)
print(len(os.listdir(OUT)), "seeds,", total, "bytes")
