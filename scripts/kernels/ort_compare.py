#!/usr/bin/env python3
"""Our kernels against ONNX Runtime (and fp32 1024^3 against numpy/OpenBLAS), same run.

Usage:
  pip install onnxruntime onnx numpy
  swift build -c release --product bench [--scratch-path DIR]
  scripts/kernels/ort_compare.py [--bench PATH] [--rounds 3] [--threads 1 2] [--block 128] [--shapes LABEL...]

Per round, thread count and shape, alternately: our `bench` measures the shape in one
process (weights packed at load, as a model server does), then ONNX Runtime runs it in its
own session (weights are initializers, so ORT pre-packs them when the session loads; IO
binding with a preallocated output); per round and thread count numpy times fp32 1024^3 in
a fresh interpreter (OPENBLAS_NUM_THREADS is read when OpenBLAS loads), right after our
1024^3 and ORT's. The table gives medians over rounds of
GFLOP/s (2mnk / time) and ours / theirs (> 1: ours is faster).

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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.path.join(ROOT, ".build-kernels", "release", "bench"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--block", type=int, default=128, help="weight-only block size (ours and MatMulNBits)")
    parser.add_argument("--budget", type=float, default=0.3, help="seconds of timing per shape and side")
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
    for _ in range(args.rounds):
        for threads in args.threads:
            for index, shape in enumerate(shapes):
                label, kind, m, k, n, extra = shape
                measured, isa = ours(args.bench, [shape], threads, args.block, args.budget)
                ours_rates[threads][index].append(measured[0])
                ort_rates[threads][index].append(ort_gflops(kind, m, k, n, extra, threads, args.block, args.budget, rng))
                if label == NUMPY_SHAPE:
                    numpy_rates[threads].append(numpy_gflops(threads, args.budget))
    print(f"our kernel route: {isa}; weight-only block size {args.block}; medians of {args.rounds} rounds (GFLOP/s)")
    print(f"{'shape':>28} {'thr':>3} {'ours':>8} {'ORT':>8} {'ours/ORT':>8}")
    for threads in args.threads:
        for index, (label, *_rest) in enumerate(shapes):
            mine, theirs = statistics.median(ours_rates[threads][index]), statistics.median(ort_rates[threads][index])
            print(f"{label:>28} {threads:>3} {mine:8.1f} {theirs:8.1f} {mine / theirs:8.2f}")
    labels = [shape[0] for shape in shapes]
    for threads in args.threads:
        if NUMPY_SHAPE not in labels:
            break
        mine = statistics.median(ours_rates[threads][labels.index(NUMPY_SHAPE)])
        blas = statistics.median(numpy_rates[threads])
        print(f"{'fp32 1024^3 vs numpy':>28} {threads:>3} {mine:8.1f} {blas:8.1f} {mine / blas:8.2f}")
    for threads in args.threads[1:]:
        base = args.threads[0]
        for index, label in enumerate(labels):
            ours_scaling = statistics.median(ours_rates[threads][index]) / statistics.median(ours_rates[base][index])
            ort_scaling = statistics.median(ort_rates[threads][index]) / statistics.median(ort_rates[base][index])
            print(f"scaling {label} {base}->{threads} threads: ours {ours_scaling:.2f}x, ORT {ort_scaling:.2f}x")
    print("load average at end: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
