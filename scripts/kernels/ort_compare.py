#!/usr/bin/env python3
"""Our kernels against ONNX Runtime (and fp32 1024^3 against numpy/OpenBLAS), same run.

Usage:
  pip install onnxruntime onnx numpy
  swift build -c release --product bench [--scratch-path DIR]
  scripts/kernels/ort_compare.py [--bench PATH] [--rounds 3] [--threads 1 2] [--block 128] [--shapes LABEL...]
                                 [--idle-gate PCT]

Per round, thread count and shape, alternately: our `bench` measures the shape in one
process (weights packed at load, as a model server does), then ONNX Runtime runs it in its
own session (weights are initializers, so ORT pre-packs them when the session loads; IO
binding with a preallocated output); per round and thread count numpy times fp32 1024^3 in
a fresh interpreter (OPENBLAS_NUM_THREADS is read when OpenBLAS loads), right after our
1024^3 and ORT's. The table gives medians over rounds of
GFLOP/s (2mnk / time) and ours / theirs (> 1: ours is faster); from 5 rounds on, the 10th-90th
percentile of the per-round ratio follows in brackets.

On a shared machine, `--idle-gate 150` counts a round only when /proc/stat shows at least 150
idle CPU percent (of 100 per CPU) over the second right before it and the second right after
it, i.e. no other process of this machine ran meanwhile; other rounds are measured, reported
and dropped (up to four times --rounds are tried). Neighbours on the host (shared L3, memory,
a busy sibling thread) do not show in /proc/stat: medians over many rounds are the figures,
single rounds are not.

ORT operators: fp32 MatMul; int8 dynamic = com.microsoft DynamicQuantizeMatMul (int8 weights,
per-column scales); weight-only = com.microsoft MatMulNBits with bits 8 or 4, the same block
size as ours, symmetric (no zero points), accuracy_level 4 (int8 activations, as ours).
Cross-check tooling only: never part of the product. The machine may be shared: quote
medians and say so.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# (label, kind, m, k, n, extra): kind picks the ORT operator and our benchmark.
SHAPES = [
    ("fp32 1024^3", "fp32", 1024, 1024, 1024, {}),
    ("fp32 8x768x3072", "fp32", 8, 768, 3072, {}),
    ("fp32 32x768x3072", "fp32", 32, 768, 3072, {}),
    ("fp32 32x4096^2", "fp32", 32, 4096, 4096, {}),
    ("int8 dynamic 1024^3", "int8", 1024, 1024, 1024, {}),
    ("int8 dynamic 1x4096^2", "int8", 1, 4096, 4096, {}),
    ("int8 dynamic 8x4096^2", "int8", 8, 4096, 4096, {}),
    ("int8 dynamic 32x4096^2", "int8", 32, 4096, 4096, {}),
    ("8-bit weight-only 1x4096^2", "nbits", 1, 4096, 4096, {"bits": 8}),
    ("8-bit weight-only 8x4096^2", "nbits", 8, 4096, 4096, {"bits": 8}),
    ("4-bit weight-only 1x4096^2", "nbits", 1, 4096, 4096, {"bits": 4}),
    ("4-bit weight-only 8x4096^2", "nbits", 8, 4096, 4096, {"bits": 4}),
]


# The shape numpy/OpenBLAS also runs.
NUMPY_SHAPE = "fp32 1024^3"


def our_suite_entry(kind, m, k, n, extra, threads, block):
    parameters = {"m": m, "k": k, "n": n, "threads": threads}
    if kind == "fp32":
        return {"benchmark": "matmul/fp32/blocked", "parameters": dict(parameters, packing="load")}
    if kind == "int8":
        return {"benchmark": "matmul/int8/dynamic", "parameters": dict(parameters, packing="load")}
    return {"benchmark": "matmul/weight-only/blockwise", "parameters": dict(parameters, bits=extra["bits"], block=block)}


def ours(bench, shapes, threads, block, budget):
    """Median GFLOP/s of each of `shapes`, measured in one bench process."""
    entries = [our_suite_entry(kind, m, k, n, extra, threads, block) for _, kind, m, k, n, extra in shapes]
    suite = {"processes": 1, "timeBudget": budget, "warmup": 0.05, "benchmarks": entries}
    with tempfile.TemporaryDirectory() as folder:
        suite_path, result_path = os.path.join(folder, "suite.json"), os.path.join(folder, "result.json")
        with open(suite_path, "w") as f:
            json.dump(suite, f)
        subprocess.run([bench, "--suite", suite_path, "--output", result_path, "--no-compare", "--quiet"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        result = json.load(open(result_path))
    by_parameters = {}
    for b in result["benchmarks"]:
        key = (b["name"].split("/")[0:3][-1], b["parameters"]["m"], b["parameters"]["k"], b["parameters"]["n"],
               b["parameters"].get("bits"))
        by_parameters[key] = statistics.median(x for p in b["metrics"]["gflops"]["samples"] for x in p)
    out = []
    for _, kind, m, k, n, extra in shapes:
        name = our_suite_entry(kind, m, k, n, extra, threads, block)["benchmark"].split("/")[2]
        out.append(by_parameters[(name, m, k, n, extra.get("bits") if kind == "nbits" else None)])
    return out, result["environment"].get("kernelISA")


def model(kind, m, k, n, extra, block, rng):
    """An ONNX model computing the shape's product with constant weights, and its input."""
    a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
    A = helper.make_tensor_value_info("A", TensorProto.FLOAT, [m, k])
    C = helper.make_tensor_value_info("C", TensorProto.FLOAT, [m, n])
    opset = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    if kind == "fp32":
        b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
        inits = [onnx.numpy_helper.from_array(b, "B")]
        node = helper.make_node("MatMul", ["A", "B"], ["C"])
    elif kind == "int8":
        b = rng.integers(-127, 128, (k, n), dtype=np.int8)
        scale = rng.uniform(0.001, 0.01, (n,)).astype(np.float32)
        zero = np.zeros((n,), dtype=np.int8)
        inits = [onnx.numpy_helper.from_array(b, "B"), onnx.numpy_helper.from_array(scale, "S"),
                 onnx.numpy_helper.from_array(zero, "Z")]
        node = helper.make_node("DynamicQuantizeMatMul", ["A", "B", "S", "Z"], ["C"], domain="com.microsoft")
    else:
        bits = extra["bits"]
        blocks = (k + block - 1) // block
        blob = block * bits // 8
        b = rng.integers(0, 256, (n, blocks, blob), dtype=np.uint8)
        scale = rng.uniform(0.001, 0.01, (n * blocks,)).astype(np.float32)
        inits = [onnx.numpy_helper.from_array(b, "B"), onnx.numpy_helper.from_array(scale, "S")]
        node = helper.make_node("MatMulNBits", ["A", "B", "S"], ["C"], domain="com.microsoft", K=k, N=n, bits=bits,
                                block_size=block, accuracy_level=4)
    graph = helper.make_graph([node], "g", [A], [C], initializer=inits)
    return helper.make_model(graph, opset_imports=opset), a


def ort_gflops(kind, m, k, n, extra, threads, block, budget, rng):
    onnx_model, a = model(kind, m, k, n, extra, block, rng)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(onnx_model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    binding = session.io_binding()
    binding.bind_cpu_input("A", a)
    c = np.empty((m, n), dtype=np.float32)
    binding.bind_ortvalue_output("C", ort.OrtValue.ortvalue_from_numpy(c))
    return time_calls(lambda: session.run_with_iobinding(binding), 2.0 * m * n * k, budget)


def time_calls(call, flops, budget):
    """Median GFLOP/s over batches of calls, each batch about budget/5 seconds."""
    for _ in range(3):
        call()
    start = time.perf_counter()
    call()
    single = max(time.perf_counter() - start, 1e-7)
    reps = max(1, int(budget / 5 / single))
    rates = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            call()
        rates.append(flops * reps / (time.perf_counter() - start) / 1e9)
    return statistics.median(rates)


NUMPY_CHILD = r"""
import sys, time, statistics
import numpy as np
n, budget = int(sys.argv[1]), float(sys.argv[2])
rng = np.random.default_rng(1)
a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
a @ b
start = time.perf_counter(); a @ b; single = time.perf_counter() - start
reps = max(1, int(budget / 5 / single))
rates = []
for _ in range(5):
    start = time.perf_counter()
    for _ in range(reps):
        a @ b
    rates.append(2.0 * n ** 3 * reps / (time.perf_counter() - start) / 1e9)
print(statistics.median(rates))
"""


def numpy_gflops(threads, budget):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    text = subprocess.run([sys.executable, "-c", NUMPY_CHILD, "1024", str(budget)], env=env, check=True,
                          capture_output=True, text=True).stdout
    return float(text.split()[-1])


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def idle_percent(seconds=1.0):
    """Idle CPU percent (100 per CPU) over `seconds`, from /proc/stat (idle + iowait)."""
    def read():
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return fields[3] + fields[4], sum(fields)
    idle0, total0 = read()
    time.sleep(seconds)
    idle1, total1 = read()
    return 100.0 * (os.cpu_count() or 1) * (idle1 - idle0) / max(1, total1 - total0)


def ratio_spread(mine, theirs):
    """The 10th-90th percentile of the per-round ratios, once there are 5 rounds."""
    if len(mine) < 5:
        return ""
    ratios = sorted(a / b for a, b in zip(mine, theirs))
    return f" ({ratios[len(ratios) // 10]:.2f}-{ratios[(9 * len(ratios)) // 10]:.2f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.path.join(ROOT, ".build-kernels", "release", "bench"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--block", type=int, default=128, help="weight-only block size (ours and MatMulNBits)")
    parser.add_argument("--budget", type=float, default=0.3, help="seconds of timing per shape and side")
    parser.add_argument("--idle-gate", type=float, default=0, metavar="PCT",
                        help="count a round only with at least PCT idle CPU percent just before and after it")
    parser.add_argument("--shapes", nargs="+", metavar="LABEL",
                        help="only the shapes whose label contains one of these, e.g. '1024^3' '768x3072' (default: all)")
    args = parser.parse_args()
    shapes = [s for s in SHAPES if not args.shapes or any(part in s[0] for part in args.shapes)]
    rng = np.random.default_rng(1)
    print(f"CPU: {cpu_name()}, {os.cpu_count()} logical CPUs; onnxruntime {ort.__version__}, numpy {np.__version__}")
    print("load average at start: %.2f %.2f %.2f" % os.getloadavg())
    ours_rates = {t: [[] for _ in shapes] for t in args.threads}
    ort_rates = {t: [[] for _ in shapes] for t in args.threads}
    numpy_rates = {t: [] for t in args.threads}
    isa = None
    counted = tried = 0
    while counted < args.rounds and tried < (4 * args.rounds if args.idle_gate else args.rounds):
        tried += 1
        idle_before = idle_percent() if args.idle_gate else None
        measured_round = []
        for threads in args.threads:
            for index, shape in enumerate(shapes):
                label, kind, m, k, n, extra = shape
                measured, isa = ours(args.bench, [shape], threads, args.block, args.budget)
                theirs = ort_gflops(kind, m, k, n, extra, threads, args.block, args.budget, rng)
                blas = numpy_gflops(threads, args.budget) if label == NUMPY_SHAPE else None
                measured_round.append((threads, index, measured[0], theirs, blas))
        if args.idle_gate:
            idle_after = idle_percent()
            if min(idle_before, idle_after) < args.idle_gate:
                print(f"round {tried} dropped: {idle_before:.0f} / {idle_after:.0f} idle CPU percent before / after")
                continue
        counted += 1
        for threads, index, mine, theirs, blas in measured_round:
            ours_rates[threads][index].append(mine)
            ort_rates[threads][index].append(theirs)
            if blas is not None:
                numpy_rates[threads].append(blas)
    if counted == 0:
        sys.exit(f"no round met --idle-gate {args.idle_gate:g} in {tried} tries: the machine is busy; try again later")
    gate = f", {tried - counted} dropped by --idle-gate {args.idle_gate:g}" if args.idle_gate else ""
    print(f"our kernel route: {isa}; weight-only block size {args.block}; medians of {counted} rounds{gate} (GFLOP/s)")
    print(f"{'shape':>28} {'thr':>3} {'ours':>8} {'ORT':>8} {'ours/ORT':>8}")
    for threads in args.threads:
        for index, (label, *_rest) in enumerate(shapes):
            mine, theirs = ours_rates[threads][index], ort_rates[threads][index]
            ratio = statistics.median(mine) / statistics.median(theirs)
            print(f"{label:>28} {threads:>3} {statistics.median(mine):8.1f} {statistics.median(theirs):8.1f} {ratio:8.2f}"
                  + ratio_spread(mine, theirs))
    labels = [shape[0] for shape in shapes]
    for threads in args.threads:
        if NUMPY_SHAPE not in labels:
            break
        mine = ours_rates[threads][labels.index(NUMPY_SHAPE)]
        blas = numpy_rates[threads]
        ratio = statistics.median(mine) / statistics.median(blas)
        print(f"{'fp32 1024^3 vs numpy':>28} {threads:>3} {statistics.median(mine):8.1f} {statistics.median(blas):8.1f} "
              f"{ratio:8.2f}" + ratio_spread(mine, blas))
    for threads in args.threads[1:]:
        base = args.threads[0]
        for index, label in enumerate(labels):
            ours_scaling = statistics.median(ours_rates[threads][index]) / statistics.median(ours_rates[base][index])
            ort_scaling = statistics.median(ort_rates[threads][index]) / statistics.median(ort_rates[base][index])
            print(f"scaling {label} {base}->{threads} threads: ours {ours_scaling:.2f}x, ORT {ort_scaling:.2f}x")
    print("load average at end: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
