import os
import subprocess
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

tok = AutoTokenizer.from_pretrained("gpt2", revision="607a30d783dfa663caf39e06633721c8d4cfcd7e")
model = AutoModelForCausalLM.from_pretrained("gpt2", revision="607a30d783dfa663caf39e06633721c8d4cfcd7e")


def run(prompt):
    ids = model.generate(**tok(prompt, return_tensors="pt"))
    code = tok.decode(ids[0])
    exec(code)  # expect: py.exec-model-output


def run_chat(client, prompt):
    reply = client.chat.completions.create(model="x", messages=[{"role": "user", "content": prompt}])
    cmd = reply.choices[0].message.content
    subprocess.run(cmd, shell=True)  # expect: py.exec-model-output


def run_pipe(prompt):
    gen = pipeline("text-generation", model="gpt2", revision="607a30d783dfa663caf39e06633721c8d4cfcd7e")
    out = gen(prompt)[0]["generated_text"]
    return eval(out)  # expect: py.exec-model-output


def run_socket(s):
    os.system(s.recv(100).decode())  # expect: py.exec-model-output
