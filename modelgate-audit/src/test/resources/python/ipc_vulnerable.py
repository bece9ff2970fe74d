import pickle
import socket
import zmq
from multiprocessing.connection import Listener

ctx = zmq.Context()
sock = ctx.socket(zmq.PULL)
sock.bind("tcp://*:5555")  # expect: py.exposed-service


def worker():
    msg = sock.recv_pyobj()  # expect: py.deserialize-untrusted-input
    frames = sock.recv_multipart()
    return pickle.loads(frames[1])  # expect: py.deserialize-untrusted-input


def server():
    s = socket.socket()
    s.bind(("0.0.0.0", 9000))
    conn, addr = s.accept()
    data = conn.recv(4096)
    payload = data[4:]
    return pickle.loads(payload)  # expect: py.deserialize-untrusted-input


def mp():
    listener = Listener(("0.0.0.0", 6000))  # expect: py.exposed-service
    conn = listener.accept()
    return conn.recv()  # expect: py.deserialize-untrusted-input


def walrus(s):
    if (data := s.recv(1024)):
        return pickle.loads(data)  # expect: py.deserialize-untrusted-input
