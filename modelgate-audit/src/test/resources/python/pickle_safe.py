import json
import pickle

data = json.loads('{"a": 1}')
blob = pickle.dumps(data)


class Cache:
    def load(self, path):
        return json.load(open(path))


Cache().load("x.json")
