"""A small inference server with the mistakes modelgate audit looks for."""
import pickle

import torch
import zmq
from jinja2 import Environment
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL = "example-org/chat-model"

tokenizer = AutoTokenizer.from_pretrained(MODEL, trust_remote_code=True)
model = AutoModelForCausalLM.from_pretrained(MODEL, revision="main")

ctx = zmq.Context()
jobs = ctx.socket(zmq.PULL)
jobs.bind("tcp://*:5555")


def serve_forever():
    while True:
        request = jobs.recv_pyobj()
        handle(request)


def handle(request):
    frames = jobs.recv_multipart()
    state = pickle.loads(frames[1])
    prompt = render_chat(request["messages"])
    ids = model.generate(**tokenizer(prompt, return_tensors="pt"))
    answer = tokenizer.decode(ids[0])
    if request.get("tool") == "python":
        exec(answer)
    return state, answer


def render_chat(messages):
    env = Environment()
    return env.from_string(tokenizer.chat_template).render(messages=messages)


def load_adapter(path):
    return torch.load(path)


def load_cache(path):
    with open(path, "rb") as f:
        return pickle.load(f)  # modelgate: ignore[py.pickle-load] cache file written by this process
