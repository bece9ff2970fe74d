import yaml
from yaml import Loader

cfg = yaml.load(open("c.yaml"))  # expect: py.yaml-load
cfg = yaml.load(open("c.yaml"), Loader=Loader)  # expect: py.yaml-load
cfg = yaml.load(open("c.yaml"), yaml.UnsafeLoader)  # expect: py.yaml-load
cfg = yaml.unsafe_load(open("c.yaml"))  # expect: py.yaml-load
cfg = yaml.full_load(open("c.yaml"))  # expect: py.yaml-load
