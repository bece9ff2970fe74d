import json
import pickle

data = json.loads('{"a": 1}')
blob = pickle.dumps(data)


class Cache:
    def load(self, path):
        return json.load(open(path))


Cache().load("x.json")


# a local function shadows the import; its body names no sink, so the parser keeps it as a
# leaf, but the name is still bound and the call below is not pickle.loads
from pickle import loads


def loads(data):
    return data


loads(b"...")
