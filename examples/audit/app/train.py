import numpy as np
import yaml
from huggingface_hub import snapshot_download

with open("train.yaml") as f:
    config = yaml.load(f, Loader=yaml.Loader)

features = np.load(config["features"], allow_pickle=True)
weights = snapshot_download("example-org/base-model")
