import BenchKit
import Kernels

/// int8 matmul, as model compression uses it: weights quantized symmetrically (per
/// output channel or per tensor), either with activations quantized dynamically and
/// int32 accumulation (`matmul/int8/dynamic`), or weight-only with fp32 activations
/// dequantizing on the fly (`matmul/int8/weight-only`). Each records the output's
/// relative error against the fp32 product, so the gate watches accuracy as well as time.
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
                                   parameters: parameters) { parameters in
        try workload(parameters, errorBound: dynamicErrorBound) { m, a, weights, c, threads in
            try int8Gemm(m: m, a: a, weights: weights, c: c, threads: threads)
        }
    }

    static let weightOnly = Benchmark("matmul/int8/weight-only", summary: "fp32 activations times int8 weights dequantized on the fly",
                                      parameters: parameters) { parameters in
        try workload(parameters, errorBound: weightOnlyErrorBound) { m, a, weights, c, threads in
            try weightOnlyInt8Gemm(m: m, a: a, weights: weights, c: c, threads: threads)
        }
    }

    typealias Kernel = (Int, UnsafeBufferPointer<Float>, QuantizedWeights, UnsafeMutableBufferPointer<Float>, Int) throws -> Void

    static func workload(_ parameters: Parameters, errorBound: Double, kernel: @escaping Kernel) throws -> Workload {
        let problem = try MatmulBenchmarks.Problem(parameters)
        let threads = try parameters.int("threads")
        let granularity = QuantizationGranularity(rawValue: try parameters.string("granularity")) ?? .perChannel
        let (m, n, a) = (problem.m, problem.n, problem.a.values)
        let weights = try QuantizedWeights(problem.b, granularity: granularity)
        var output = [Float](repeating: .nan, count: m * n)
        try a.withUnsafeBufferPointer { a in try output.withUnsafeMutableBufferPointer { try kernel(m, a, weights, $0, threads) } }
        let exact = MatmulBenchmarks.fp32Product(problem)
        let error = try relativeError(output, reference: exact)
        let buffer = Deallocator(UnsafeMutablePointer<Float>.allocate(capacity: m * n))
        return Workload(
            verify: { try OutputCheck.product(output, a: problem.a, b: problem.b, tolerance: errorBound) },
            throughputs: [Throughput("gflops", unit: "GFLOP/s", workPerOperation: problem.flops / 1e9)],
            values: ["relative_error": MetricResult(unit: "", better: .lower, value: error, tolerance: errorTolerance)],
            body: {
                a.withUnsafeBufferPointer { a in
                    try? kernel(m, a, weights, UnsafeMutableBufferPointer(start: buffer.pointer, count: m * n), threads)
                }
                blackHole(buffer.pointer.pointee)
            })
    }
}
