import pickle
import requests
import torch
import io
from fastapi import FastAPI, Request, UploadFile
from flask import Flask, request

app = FastAPI()
web = Flask(__name__)


@app.post("/predict")
async def predict(req: Request):
    body = await req.body()
    return pickle.loads(body)  # expect: py.deserialize-untrusted-input


@app.post("/upload")
async def upload(file: UploadFile):
    data = await file.read()
    return torch.load(io.BytesIO(data))  # expect: py.deserialize-untrusted-input


@web.route("/flask", methods=["POST"])
def flask_handler():
    return pickle.loads(request.data)  # expect: py.deserialize-untrusted-input


def fetch(url):
    blob = requests.get(url).content
    return pickle.loads(blob)  # expect: py.deserialize-untrusted-input


def fetch2(url):
    r = requests.get(url, timeout=10)
    return torch.load(io.BytesIO(r.content), weights_only=False)  # expect: py.deserialize-untrusted-input
