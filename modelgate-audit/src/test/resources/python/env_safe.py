import os

os.environ["TORCH_FORCE_WEIGHTS_ONLY_LOAD"] = "1"
os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = ""
