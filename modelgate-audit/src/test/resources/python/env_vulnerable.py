import os

os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"  # expect: py.weights-only-disabled
os.environ.setdefault("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "1")  # expect: py.weights-only-disabled
os.environ.update({"TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD": "true"})  # expect: py.weights-only-disabled
