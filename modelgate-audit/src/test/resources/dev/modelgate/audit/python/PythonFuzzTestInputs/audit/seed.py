import zmq, pickle as p
s = zmq.Context().socket(zmq.PULL)
s.bind(f"tcp://*:{5}")
x = p.loads(s.recv())  # modelgate: ignore[*] seed
