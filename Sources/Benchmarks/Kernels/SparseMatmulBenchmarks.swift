import BenchKit
import Kernels

/// Pruned weights times dense activations: W (m×k, pruned) · X (k×n). Unstructured
/// magnitude pruning and 2:4 run through CSR; block pruning through block-CSR. Each
/// records `gflops` as dense-equivalent work (2mnk / time, so it is comparable with the
/// dense GEMM), the achieved `sparsity`, and `pruning_error`: the relative error of the
/// output against the unpruned dense product. On these random (uniform) matrices that is
/// what pruning loses of the product, not a kernel error; random weights have no structure to
/// keep, so it is large (about √sparsity), unlike the model-level accuracy of a pruned and
/// fine-tuned model (the serving benchmarks' pruned variant). Kernel correctness is checked
/// separately: the sparse product must match the dense product of the pruned weights
/// (`kernel_error`, and the verification before timing).
enum SparseMatmulBenchmarks {
    static let common = MatmulBenchmarks.shape + [ParameterSpec("threads", .int, default: .int(1), range: 1...256)]
    static let sparsityParameter = ParameterSpec("sparsity", .double, range: 0...0.999, summary: "fraction of weights zeroed")

    static let csr = Benchmark("matmul/sparse/csr", summary: "Magnitude-pruned weights in CSR times a dense matrix",
                               parameters: common + [sparsityParameter]) { parameters in
        let sparsity = try parameters.double("sparsity")
        return try workload(parameters) { weights in
            let pruned = try Pruning.magnitude(weights, sparsity: sparsity)
            let sparse = CSRMatrix(dense: pruned)
            return (pruned, { b, n, c, threads in spmm(sparse, b: b, n: n, c: c, threads: threads) })
        }
    }

    static let twoOfFour = Benchmark("matmul/sparse/2of4", summary: "2:4 structured pruning (50%) in CSR times a dense matrix",
                                     parameters: common) { parameters in
        try workload(parameters) { weights in
            let pruned = Pruning.twoOfFour(weights)
            let sparse = CSRMatrix(dense: pruned)
            return (pruned, { b, n, c, threads in spmm(sparse, b: b, n: n, c: c, threads: threads) })
        }
    }

    static let block = Benchmark("matmul/sparse/block", summary: "Block-pruned weights in block-CSR times a dense matrix",
                                 parameters: common + [sparsityParameter,
                                                       ParameterSpec("block", .string, default: .string("4x4"), choices: ["1x8", "4x4", "8x8", "16x16"])]) { parameters in
        let sparsity = try parameters.double("sparsity")
        let shape = try parameters.string("block").split(separator: "x").compactMap { Int($0) }
        return try workload(parameters) { weights in
            let pruned = try Pruning.blocks(weights, blockRows: shape[0], blockCols: shape[1], sparsity: sparsity)
            let sparse = try BlockCSRMatrix(dense: pruned, blockRows: shape[0], blockCols: shape[1])
            return (pruned, { b, n, c, threads in spmm(sparse, b: b, n: n, c: c, threads: threads) })
        }
    }

    typealias SparseKernel = (UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>, Int) -> Void

    /// Prunes the weights with `prepare`, checks the sparse product against the dense
    /// product of the pruned weights, and times the sparse kernel.
    static func workload(_ parameters: Parameters, prepare: (Matrix) throws -> (pruned: Matrix, kernel: SparseKernel)) throws -> Workload {
        let problem = try MatmulBenchmarks.Problem(parameters)
        let threads = try parameters.int("threads")
        let (m, n, b) = (problem.m, problem.n, problem.b.values)
        let (pruned, kernel) = try prepare(problem.a)
        let output = Deallocator(UnsafeMutablePointer<Float>.allocate(capacity: m * n))
        output.pointer.initialize(repeating: .nan, count: m * n)
        b.withUnsafeBufferPointer { kernel($0.baseAddress!, n, output.pointer, threads) }
        let result = Array(UnsafeBufferPointer(start: output.pointer, count: m * n))
        let pruningError = try relativeError(result, reference: MatmulBenchmarks.fp32Product(problem))
        let prunedProblem = MatmulBenchmarks.Problem(m: m, n: n, k: problem.k, a: pruned, b: problem.b)
        let kernelError = try relativeError(result, reference: MatmulBenchmarks.fp32Product(prunedProblem))
        return Workload(
            verify: { try OutputCheck.product(result, a: pruned, b: problem.b, tolerance: 1e-5) },
            throughputs: [Throughput("gflops", unit: "GFLOP/s", workPerOperation: problem.flops / 1e9)],
            values: [
                "sparsity": MetricResult(unit: "", better: .higher, value: pruned.sparsity, tolerance: 1e-4),
                "pruning_error": MetricResult(unit: "", better: .lower, value: pruningError, tolerance: 1e-4),
                "kernel_error": MetricResult(unit: "", better: .lower, value: kernelError, tolerance: 1e-5),
            ],
            body: {
                b.withUnsafeBufferPointer { kernel($0.baseAddress!, n, output.pointer, threads) }
                blackHole(output.pointer.pointee)
            })
    }
}
