#!/usr/bin/env python3
"""Mutation fuzzing of a running KServe v2 server (cross-check, not part of the product).

Sends mutated versions of valid requests (byte flips, truncations, duplications, header and
JSON edits) on fresh connections and checks that every answer is a well-formed HTTP
response with a 2xx/4xx/5xx status, that error bodies are {"error": ...} JSON, and that
the server still answers a valid request afterwards.

Usage: scripts/serving/fuzz.py [--port 8000] [--iterations 3000] [--seed 1]
"""
import argparse, json, random, socket, sys

def valid_requests():
    data = [round(random.uniform(-2, 2), 4) for _ in range(64)]
    body = json.dumps({"id": "f", "inputs": [{"name": "input", "shape": [1, 64], "datatype": "FP32", "data": data}]}).encode()
    infer = b"POST /v2/models/mlp-fp32/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    return [infer, b"GET /v2/health/ready HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /v2/models/mlp-int8 HTTP/1.1\r\nHost: x\r\n\r\n",
            b"POST /v2/repository/index HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"]

def mutate(raw, rng):
    raw = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        i = rng.randrange(len(raw)) if raw else 0
        if op == 0 and raw: raw[i] = rng.randrange(256)
        elif op == 1: raw = raw[:i]
        elif op == 2: raw[i:i] = raw[i:i + rng.randint(1, 64)] * rng.randint(1, 50)
        elif op == 3: raw[i:i] = rng.choice([b"\r\n", b"\n", b"\x00", b"{", b"[", b"]", b"\"", b"\\u", b"1e999", b",", b":"])
        elif op == 4 and raw: del raw[i:i + rng.randint(1, 16)]
        elif op == 5: raw[i:i] = rng.choice([b"Transfer-Encoding: chunked\r\n", b"Content-Length: 99999999\r\n", b"Content-Length: -5\r\n",
                                            b"Expect: 100-continue\r\n", b"Connection: close\r\n", b"X: " + b"y" * 20000 + b"\r\n"])
        else: raw[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
    return bytes(raw)

def exchange(port, raw, timeout=3.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(raw)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        while True:
            try:
                c = s.recv(65536)
            except socket.timeout:
                return b"".join(chunks), "timeout"
            except OSError:
                break
            if not c: break
            chunks.append(c)
        return b"".join(chunks), None
    finally:
        s.close()

def check(reply):
    """Every response in the reply must have a valid status line; error bodies must be JSON."""
    if not reply: return None  # closing without an answer is allowed (e.g. truncated request)
    rest = reply
    while rest:
        head, sep, rest = rest.partition(b"\r\n\r\n")
        if not sep: return "unterminated response head: %r" % head[:80]
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit(): return "bad status line %r" % lines[0][:80]
        status = int(parts[1])
        length = 0
        for l in lines[1:]:
            k, _, v = l.partition(b":")
            if k.strip().lower() == b"content-length": length = int(v.strip())
        body, rest = rest[:length], rest[length:]
        if status == 100: continue
        if not (200 <= status < 600): return "status %d" % status
        if status >= 400:
            try:
                if "error" not in json.loads(body): return "error body without 'error': %r" % body[:80]
            except ValueError:
                return "error body not JSON: %r" % body[:80]
        if status >= 500 and status not in (501, 503, 505): return "server error %d: %r" % (status, body[:120])
    return None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--iterations", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    random.seed(args.seed)
    statuses, problems = {}, 0
    for n in range(args.iterations):
        raw = mutate(rng.choice(valid_requests()), rng)
        reply, note = exchange(args.port, raw)
        problem = check(reply)
        status = reply.split(b" ", 2)[1].decode(errors="replace") if reply.startswith(b"HTTP/") else ("(closed)" if not reply else "?")
        statuses[status] = statuses.get(status, 0) + 1
        if problem:
            problems += 1
            print("iteration %d: %s\n  request %r" % (n, problem, raw[:200]))
        if n % 250 == 0:
            ok, _ = exchange(args.port, valid_requests()[0])
            if not ok.startswith(b"HTTP/1.1 200"):
                print("iteration %d: the server no longer answers a valid request: %r" % (n, ok[:120])); return 1
    print("statuses:", dict(sorted(statuses.items())))
    print("problems:", problems)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
