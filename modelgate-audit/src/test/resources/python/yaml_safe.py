import yaml
from yaml import CSafeLoader

cfg = yaml.safe_load(open("c.yaml"))
cfg = yaml.load(open("c.yaml"), Loader=yaml.SafeLoader)
cfg = yaml.load(open("c.yaml"), CSafeLoader)
