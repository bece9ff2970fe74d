import json
import zmq
import zmq.auth
from multiprocessing.connection import Listener

ctx = zmq.Context()
sock = ctx.socket(zmq.PULL)
sock.curve_server = True
sock.bind("tcp://*:5555")


def worker():
    msg = sock.recv()
    return json.loads(msg)


def mp():
    listener = Listener(("127.0.0.1", 6000), authkey=b"secret")
    conn = listener.accept()
    return conn.recv_bytes()
