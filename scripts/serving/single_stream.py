#!/usr/bin/env python3
"""An independent single-stream client (cross-check for the load generator's latency figures).

Sends the same infer request as scripts/serving/infer.lua on one keep-alive connection, one
request outstanding, for DURATION seconds, timing each with time.perf_counter_ns from just
before the send to the end of the response. Prints one line: n, rate, p50/p90/p99/p999 (ms).

Usage: scripts/serving/single_stream.py PORT [DURATION] [MODEL]
"""
import math, socket, sys, time

def main():
    port = int(sys.argv[1])
    duration = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    model = sys.argv[3] if len(sys.argv) > 3 else "mlp-fp32"
    values = ",".join("%.4f" % (math.sin(i * 0.7) * 1.5) for i in range(1, 65))
    body = ('{"inputs":[{"name":"input","shape":[1,64],"datatype":"FP32","data":[%s]}]}' % values).encode()
    request = (b"POST /v2/models/%s/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               b"Content-Length: %d\r\n\r\n" % (model.encode(), len(body))) + body
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    latencies = []
    end = time.perf_counter() + duration
    while time.perf_counter() < end:
        start = time.perf_counter_ns()
        s.sendall(request)
        buffer = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                sys.exit("single_stream.py: the server closed the connection")
            buffer += chunk
            head, sep, rest = buffer.partition(b"\r\n\r\n")
            if sep:
                length = next(int(l.split(b":", 1)[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:"))
                if len(rest) >= length:
                    break
        if not head.startswith(b"HTTP/1.1 200"):
            sys.exit("single_stream.py: unexpected answer %r" % head[:60])
        latencies.append(time.perf_counter_ns() - start)
    latencies.sort()
    q = lambda p: latencies[max(0, math.ceil(p * len(latencies)) - 1)] / 1e6
    print("n=%d rate=%.0f p50=%.3f p90=%.3f p99=%.3f p999=%.3f" % (len(latencies), len(latencies) / duration, q(.5), q(.9), q(.99), q(.999)))

if __name__ == "__main__":
    main()
