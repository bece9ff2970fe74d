from transformers import AutoModel, AutoTokenizer
from huggingface_hub import hf_hub_download, snapshot_download
import torch

m = AutoModel.from_pretrained("org/model")  # expect: py.unpinned-download
m = AutoModel.from_pretrained("org/model", revision="main")  # expect: py.unpinned-download
p = hf_hub_download(repo_id="org/model", filename="model.safetensors")  # expect: py.unpinned-download
d = snapshot_download("org/model")  # expect: py.unpinned-download
h = torch.hub.load("pytorch/vision", "resnet18")  # expect: py.unpinned-download
t = AutoTokenizer.from_pretrained("org/model", revision="607a30d783dfa663caf39e06633721c8d4cfcd7e", trust_remote_code=True)  # expect: py.trust-remote-code
kwargs = {"trust_remote_code": True}  # expect: py.trust-remote-code
REMOTE = True
m = AutoModel.from_pretrained("org/model", revision="607a30d783dfa663caf39e06633721c8d4cfcd7e", trust_remote_code=REMOTE)  # expect: py.trust-remote-code
