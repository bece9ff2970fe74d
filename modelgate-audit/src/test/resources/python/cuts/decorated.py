# A route handler whose body names no sink but calls one through a module-level alias.
import pickle
from flask import Flask, request

app = Flask(__name__)
unpickle = pickle.loads


@app.route("/predict", methods=["POST"])
def predict():
    body = request.data
    return unpickle(body)  # expect: py.deserialize-untrusted-input


@app.route("/health")
def health():
    return "ok"
