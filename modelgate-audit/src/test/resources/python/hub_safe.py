from transformers import AutoModel
from huggingface_hub import hf_hub_download

REV = "607a30d783dfa663caf39e06633721c8d4cfcd7e"
m = AutoModel.from_pretrained("org/model", revision=REV)
m = AutoModel.from_pretrained("./local/folder")
p = hf_hub_download(repo_id="org/model", filename="model.safetensors", revision=REV)
m = AutoModel.from_pretrained("org/model", revision=REV, trust_remote_code=False)
