#!/usr/bin/env python3
"""Time numpy/OpenBLAS SGEMM at the kernel suite's shapes and print ratios against ours.

Usage:
  scripts/openblas/compare.py --ours-cmd 'CMD {m} {n} {k} {threads}' [--rounds 5]
  scripts/openblas/compare.py --ours OURS.tsv [--rounds 7]
  scripts/openblas/compare.py --numpy-only

--ours-cmd runs our measurement command (its last output token is GFLOP/s) alternately with a
numpy measurement of the same shape, round after round, so both sides see the same machine
load; the medians over rounds are compared. This is the preferred mode on a shared machine.

OURS.tsv holds one measurement per line: `sgemm <m> <n> <k> <threads> <gflops>` (whitespace
separated; '#' starts a comment). OpenBLAS is timed in a fresh interpreter per thread count
because OPENBLAS_NUM_THREADS is read when the library loads. Both sides must be measured in
the same session on the same machine; the machine is shared, so quote medians, not bests.
Test/cross-check tooling only: never part of the product.
"""
import argparse
import json
import os
import subprocess
import sys

SHAPES = [(1024, 1024, 1024), (1, 3072, 768), (8, 3072, 768), (32, 3072, 768),
          (1, 4096, 4096), (8, 4096, 4096), (32, 4096, 4096)]
TARGET = {1: 0.90, 2: 0.85}

CHILD = r"""
import json, sys, time
import numpy as np
shapes, rounds = json.loads(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(1)
out = []
for m, n, k in shapes:
    a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
    flops = 2.0 * m * n * k
    reps = max(2, int(0.3e9 / flops))
    a @ b
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(reps):
            a @ b
        times.append((time.perf_counter() - t) / reps)
    times.sort()
    out.append([m, n, k, flops / times[len(times) // 2] / 1e9])
print(json.dumps(out))
"""


def openblas(threads, rounds, shapes=SHAPES):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    text = subprocess.run([sys.executable, "-c", CHILD, json.dumps(shapes), str(rounds)],
                          env=env, check=True, capture_output=True, text=True).stdout
    return {(m, n, k): g for m, n, k, g in json.loads(text)}


def interleaved(command, threads, rounds):
    """Per shape: alternate numpy and our command `rounds` times; return medians."""
    ours, blas = {}, {}
    for shape in SHAPES:
        m, n, k = shape
        mine, theirs = [], []
        for _ in range(rounds):
            theirs.append(openblas(threads, 3, [shape])[shape])
            text = subprocess.run(command.format(m=m, n=n, k=k, threads=threads), shell=True, check=True,
                                  capture_output=True, text=True).stdout
            mine.append(float(text.split()[-1]))
        ours[shape + (threads,)] = sorted(mine)[len(mine) // 2]
        blas[shape] = sorted(theirs)[len(theirs) // 2]
    return ours, blas


def read_ours(path):
    ours = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            fields = line.split("#")[0].split()
            if not fields:
                continue
            if len(fields) != 6 or fields[0] != "sgemm":
                sys.exit(f"{path}:{number}: expected 'sgemm m n k threads gflops', got: {line.strip()}")
            m, n, k, t = map(int, fields[1:5])
            ours[(m, n, k, t)] = float(fields[5])
    return ours


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", help="TSV of our GFLOP/s (see above)")
    parser.add_argument("--ours-cmd", help="command printing our GFLOP/s for {m} {n} {k} {threads}")
    parser.add_argument("--numpy-only", action="store_true", help="only print OpenBLAS figures")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if not (args.ours or args.ours_cmd or args.numpy_only):
        parser.error("give --ours-cmd CMD, --ours FILE or --numpy-only")
    ours = read_ours(args.ours) if args.ours else {}
    print("load average at start: %.2f %.2f %.2f" % os.getloadavg())
    print(f"{'shape m x n x k':>20} {'thr':>3} {'ours':>8} {'OpenBLAS':>9} {'ratio':>6} {'target':>6}")
    for threads in (1, 2):
        if args.ours_cmd:
            measured, blas = interleaved(args.ours_cmd, threads, args.rounds)
            ours.update(measured)
        else:
            blas = openblas(threads, args.rounds)
        for shape in SHAPES:
            theirs = blas[shape]
            mine = ours.get(shape + (threads,))
            label = "x".join(map(str, shape))
            if mine is None:
                print(f"{label:>20} {threads:>3} {'-':>8} {theirs:9.1f}")
                continue
            ratio = mine / theirs
            verdict = "ok" if ratio >= TARGET[threads] else "short"
            print(f"{label:>20} {threads:>3} {mine:8.1f} {theirs:9.1f} {ratio:6.2f} {TARGET[threads]:6.2f} {verdict}")
    print("load average at end: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
