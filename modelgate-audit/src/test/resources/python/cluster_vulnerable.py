import ray
from ray import serve
import torch.distributed.rpc as rpc

ray.init(dashboard_host="0.0.0.0")  # expect: py.exposed-service
serve.start(http_options={"host": "0.0.0.0", "port": 8000})  # expect: py.exposed-service
rpc.init_rpc("worker", rank=0, world_size=2)  # expect: py.exposed-service
