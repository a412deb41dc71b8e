import BenchKit
import Kernels

/// int8 matmul, as model compression uses it: weights quantized symmetrically (per
/// output channel or per tensor), either with activations quantized dynamically and
/// int32 accumulation (`matmul/int8/dynamic`), or weight-only with fp32 activations
/// dequantizing on the fly (`matmul/int8/weight-only`), or weight-only in blocks of k with
/// 8 or 4 bits and activations quantized per block (`matmul/weight-only/blockwise`, as ONNX
/// Runtime's MatMulNBits). Each records the output's relative error against the fp32
/// product, so the gate watches accuracy as well as time.
enum QuantizedMatmulBenchmarks {
    static let parameters = MatmulBenchmarks.shape + [
        ParameterSpec("granularity", .string, default: .string("perChannel"), choices: ["perChannel", "perTensor"]),
        ParameterSpec("threads", .int, default: .int(1), range: 1...256),
    ]

    /// Relative error (Frobenius) may drift this much, absolute, before it is a regression.
    static let errorTolerance = 1e-4

    /// Largest relative error a correct kernel shows on these uniform inputs (measured
    /// 5.6e-3 dynamic, 3.9e-3 weight-only); beyond it the kernel is wrong, not imprecise.
    static let dynamicErrorBound = 0.02
    static let weightOnlyErrorBound = 0.01

    static let dynamic = Benchmark("matmul/int8/dynamic", summary: "int8 weights and dynamically quantized activations, int32 accumulation, fp32 output",
                                   parameters: parameters + [MatmulBenchmarks.packing]) { parameters in
        try workload(parameters, errorBound: dynamicErrorBound) { weights, m in
            guard try MatmulBenchmarks.packsAtLoad(parameters, m: m) else {
                return { m, a, c, threads in try int8Gemm(m: m, a: a, weights: weights, c: c, threads: threads) }
            }
            let packed = PackedInt8Weights(weights)
            return { m, a, c, threads in try int8Gemm(m: m, a: a, weights: packed, c: c, threads: threads) }
        }
    }

    static let weightOnly = Benchmark("matmul/int8/weight-only", summary: "fp32 activations times int8 weights dequantized on the fly",
                                      parameters: parameters) { parameters in
        try workload(parameters, errorBound: weightOnlyErrorBound) { weights, _ in
            { m, a, c, threads in try weightOnlyInt8Gemm(m: m, a: a, weights: weights, c: c, threads: threads) }
        }
    }

    /// Largest relative error of the blockwise kernels on these inputs, by bits (measured
    /// ~4e-3 for 8 bits, ~7e-2 for 4 bits at block 32).
    static let blockwiseErrorBound = [8: 0.01, 4: 0.15]

    static let blockwise = Benchmark("matmul/weight-only/blockwise",
                                     summary: "Weights quantized per block of k (8 or 4 bits, as MatMulNBits), activations quantized per block, int8 dot products",
                                     parameters: MatmulBenchmarks.shape + [
                                         ParameterSpec("bits", .int, default: .int(4), range: 4...8, summary: "bits per weight: 4 or 8"),
                                         ParameterSpec("block", .int, default: .int(32), range: 32...256, summary: "k values per scale: 32, 64, 128 or 256"),
                                         ParameterSpec("threads", .int, default: .int(1), range: 1...256),
                                     ]) { parameters in
        let problem = try MatmulBenchmarks.Problem(parameters)
        let bits = try parameters.int("bits")
        let weights = try BlockQuantizedWeights(problem.b, bits: bits, blockSize: try parameters.int("block"))
        return try workload(problem, threads: try parameters.int("threads"), errorBound: blockwiseErrorBound[bits] ?? 0) { m, a, c, threads in
            try weightOnlyGemm(m: m, a: a, weights: weights, c: c, threads: threads)
        }
    }

    typealias Kernel = (Int, UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>, Int) throws -> Void

    /// Times the kernel `prepare` makes from the quantized weights of an m-row product (where
    /// weights packed at load are packed, outside the timed region).
    static func workload(_ parameters: Parameters, errorBound: Double,
                         prepare: (QuantizedWeights, Int) throws -> Kernel) throws -> Workload {
        let problem = try MatmulBenchmarks.Problem(parameters)
        let granularity = QuantizationGranularity(rawValue: try parameters.string("granularity")) ?? .perChannel
        let kernel = try prepare(try QuantizedWeights(problem.b, granularity: granularity), problem.m)
        return try workload(problem, threads: try parameters.int("threads"), errorBound: errorBound, kernel: kernel)
    }

    /// Runs `kernel` once to record its relative error against the fp32 product, and times it.
    static func workload(_ problem: MatmulBenchmarks.Problem, threads: Int, errorBound: Double,
                         kernel: @escaping Kernel) throws -> Workload {
        let (m, n, a) = (problem.m, problem.n, problem.a.values)
        var output = [Float](repeating: .nan, count: m * n)
        try a.withUnsafeBufferPointer { a in try output.withUnsafeMutableBufferPointer { try kernel(m, a, $0, threads) } }
        let exact = MatmulBenchmarks.fp32Product(problem)
        let error = try relativeError(output, reference: exact)
        let buffer = Deallocator(UnsafeMutablePointer<Float>.allocate(capacity: m * n))
        return Workload(
            verify: { try OutputCheck.product(output, a: problem.a, b: problem.b, tolerance: errorBound) },
            throughputs: [Throughput("gflops", unit: "GFLOP/s", workPerOperation: problem.flops / 1e9)],
            values: ["relative_error": MetricResult(unit: "", better: .lower, value: error, tolerance: errorTolerance)],
            body: {
                a.withUnsafeBufferPointer { a in
                    try? kernel(m, a, UnsafeMutableBufferPointer(start: buffer.pointer, count: m * n), threads)
                }
                blackHole(buffer.pointer.pointee)
            })
    }
}
