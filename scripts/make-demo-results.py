#!/usr/bin/env python3
"""Writes a synthetic suite history (bench-result/1 files) for looking at `bench report`
and `bench history`: 30 runs of suite "demo", with a +12% step in matmul time at run 21,
a -8% step (improvement) in its GFLOP/s-like metric, and a metric spanning 3 decades
(log-scale axis). Usage: make-demo-results.py OUT_DIR"""
import json, os, random, sys
from datetime import datetime, timedelta, timezone

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(42)
start = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)

def samples(center, spread, processes=5, per=12):
    groups = []
    for _ in range(processes):
        shift = rng.gauss(0, spread / 2)
        groups.append([center * (1 + shift + rng.gauss(0, spread)) for _ in range(per)])
    return groups

for run in range(30):
    slow = 1.12 if run >= 20 else 1.0
    created = start + timedelta(hours=12 * run)
    benchmarks = [
        {"name": "matmul/fp32/packed/n=256", "parameters": {"n": 256},
         "metrics": {"time": {"unit": "ns", "better": "lower", "samples": samples(2.1e6 * slow, 0.01)},
                     "gflops": {"unit": "GFLOP/s", "better": "higher", "samples": samples(16.0 / slow, 0.01)}}},
        {"name": "matmul/fp32/naive/n=64", "parameters": {"n": 64},
         "metrics": {"time": {"unit": "ns", "better": "lower", "samples": samples(310e3, 0.015)}}},
        {"name": "serving/latency/batch=1",
         "metrics": {"p99": {"unit": "ns", "better": "lower",
                              "samples": samples(4e5 * (10 ** (run / 10)), 0.02)}}},
    ]
    doc = {"schema": "bench-result/1", "suite": "demo", "createdAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
           "environment": {"cpu": "Demo CPU", "cores": 2, "os": "Debian", "swift": "6.3.1", "build": "release",
                           "commit": "%040x" % rng.getrandbits(160), "arch": "x86_64", "kernelISA": "avx2"},
           "benchmarks": benchmarks}
    name = "demo-" + created.strftime("%Y%m%dT%H%M%SZ") + ".json"
    with open(os.path.join(out, name), "w") as f:
        json.dump(doc, f)
