#!/usr/bin/env python3
"""The clients of scripts/serving/soak.sh: worker processes that send REQUESTS requests in
all to a KServe v2 server in a mix of connection styles, and check every answer.

Styles: keep-alive (many requests on one HTTP/1.1 connection), Connection: close,
HTTP/1.0, pipelined (32 requests in one write, then 32 answers), slow (a request dribbled
in pieces), large (an infer body padded past 64 KiB, decoded off the event loop), and a
client that pipelines 32-row infer requests, never reads and hangs up.
Requests are 1-row and 32-row infers on mlp-fp32 and health checks. Prints one line:
`sent=N answered=N unread=N errors=N seconds=S` (unread: the requests of clients that
never read) and up to five error samples on stderr.

Usage: soak_clients.py PORT REQUESTS [WORKERS] [SEED]
"""
import json, multiprocessing, random, socket, sys, time

def infer(rows, rng, close=False, version=1, padding=0):
    data = [round(rng.uniform(-2, 2), 3) for _ in range(rows * 64)]
    body = json.dumps({"inputs": [{"name": "input", "shape": [rows, 64], "datatype": "FP32", "data": data}]}).encode() + b" " * padding
    head = "POST /v2/models/mlp-fp32/infer HTTP/1.%d\r\nHost: soak\r\nContent-Type: application/json\r\nContent-Length: %d\r\n" % (version, len(body))
    return (head + ("Connection: close\r\n" if close else "") + "\r\n").encode() + body

def health(close=False, version=1):
    return ("GET /v2/health/ready HTTP/1.%d\r\nHost: soak\r\n%s\r\n" % (version, "Connection: close\r\n" if close else "")).encode()

class Reader:
    """Reads Content-Length framed answers from one socket."""
    def __init__(self, sock):
        self.sock, self.buffer = sock, b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed before a complete answer")
        self.buffer += chunk

    def answer(self):
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        length = next((int(l.split(":", 1)[1]) for l in lines[1:] if l.lower().startswith("content-length:")), 0)
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, body

def check(status, body, errors):
    if status != 200 or not (body.startswith(b'{"model_name"') or body == b'{"ready":true}'):
        errors.append("status %d body %r" % (status, body[:120]))
        return 0
    return 1

def connect(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock

def request_for(rng, **kw):
    r = rng.random()
    return health(**kw) if r < 0.2 else infer(32 if r > 0.9 else 1, rng, **kw)

def keep_alive(port, rng, errors):
    with connect(port) as s:
        reader, ok = Reader(s), 0
        for _ in range(50):
            s.sendall(request_for(rng))
            ok += check(*reader.answer(), errors)
        return 50, ok

def one_shot(port, rng, errors, version):
    with connect(port) as s:
        s.sendall(request_for(rng, close=version == 1, version=version))
        reader = Reader(s)
        ok = check(*reader.answer(), errors)
        s.settimeout(5)
        if s.recv(1) != b"":
            errors.append("connection left open after a closing answer")
        return 1, ok

def pipelined(port, rng, errors):
    with connect(port) as s:
        s.sendall(b"".join(request_for(rng) for _ in range(32)))
        reader = Reader(s)
        return 32, sum(check(*reader.answer(), errors) for _ in range(32))

def slow(port, rng, errors):
    with connect(port) as s:
        raw = request_for(rng)
        step = max(1, len(raw) // 4)
        for i in range(0, len(raw), step):
            s.sendall(raw[i:i + step])
            time.sleep(0.005)
        return 1, check(*Reader(s).answer(), errors)

def large(port, rng, errors):
    with connect(port) as s:
        s.sendall(infer(1, rng, padding=80 * 1024) + health())
        reader = Reader(s)
        return 2, check(*reader.answer(), errors) + check(*reader.answer(), errors)

def never_reads(port, rng, errors):
    with connect(port) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.sendall(b"".join(infer(32, rng) for _ in range(32)))
        time.sleep(0.02)
    return 32, 0

STYLES = [(keep_alive, 30), (pipelined, 30), (lambda p, r, e: one_shot(p, r, e, 1), 15),
          (lambda p, r, e: one_shot(p, r, e, 0), 15), (slow, 5), (large, 2), (never_reads, 1)]

def worker(args):
    port, quota, seed = args
    rng = random.Random(seed)
    functions, weights = zip(*STYLES)
    sent = answered = unread = 0
    errors = []
    while sent < quota:
        style = rng.choices(functions, weights)[0]
        try:
            n, ok = style(port, rng, errors)
        except (OSError, ValueError, IndexError) as error:
            errors.append("%s: %s" % (getattr(style, "__name__", "style"), error))
            n, ok = 1, 0
        sent += n
        answered += ok
        unread += n if style is never_reads else 0
    return sent, answered, unread, errors

def main():
    port, total = int(sys.argv[1]), int(sys.argv[2])
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    start = time.time()
    with multiprocessing.Pool(workers) as pool:
        results = pool.map(worker, [(port, (total + workers - 1) // workers, seed * 1000 + i) for i in range(workers)])
    sent = sum(r[0] for r in results)
    answered = sum(r[1] for r in results)
    unread = sum(r[2] for r in results)
    errors = [e for r in results for e in r[3]]
    for sample in errors[:5]:
        print("error sample:", sample, file=sys.stderr)
    print("sent=%d answered=%d unread=%d errors=%d seconds=%.1f" % (sent, answered, unread, len(errors), time.time() - start))
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
