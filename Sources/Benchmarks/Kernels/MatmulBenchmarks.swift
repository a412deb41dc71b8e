import BenchKit
import Kernels

/// fp32 matrix multiplication, C[m×n] = A[m×k] · B[k×n]: the naive reference and the
/// packed, cache-blocked SIMD GEMM. Every instance is checked against an independent
/// Double-precision reference before it is timed.
enum MatmulBenchmarks {
    static let shape: [ParameterSpec] = [
        ParameterSpec("m", .int, default: .int(0), range: 0...16384, summary: "rows of A and C (0: same as n)"),
        ParameterSpec("k", .int, default: .int(0), range: 0...16384, summary: "columns of A, rows of B (0: same as n)"),
        ParameterSpec("n", .int, range: 1...16384, summary: "columns of B and C"),
    ]

    static let naive = Benchmark("matmul/fp32/naive", summary: "Triple-loop reference matmul", parameters: shape) { parameters in
        let problem = try Problem(parameters)
        return problem.workload { a, b, c in
            referenceMatmul(m: problem.m, n: problem.n, k: problem.k, a: a, b: b, c: c)
        }
    }

    /// When the weights (B) are packed: once at load, as a model server does, or on every
    /// call; `auto` packs at load for the inference shapes (m ≤ 32) and per call above.
    static let packing = ParameterSpec("packing", .string, default: .string("auto"), choices: ["auto", "load", "call"],
                                       summary: "weights packed once at load or on every call (auto: at load for m <= 32)")

    /// Whether `parameters` ask for weights packed at load for an m-row product.
    static func packsAtLoad(_ parameters: Parameters, m: Int) throws -> Bool {
        switch try parameters.string("packing") {
        case "load": return true
        case "call": return false
        default: return m <= inferenceRowLimit
        }
    }

    /// Up to this many rows a product counts as an inference shape.
    static let inferenceRowLimit = 32

    static let blocked = Benchmark("matmul/fp32/blocked", summary: "Packed SIMD GEMM (12x32 AVX-512 or 6x16 AVX2 tiles) with L1/L2/L3 blocking",
                                   parameters: shape + [ParameterSpec("threads", .int, default: .int(1), range: 1...256), packing]) { parameters in
        let problem = try Problem(parameters)
        let threads = try parameters.int("threads")
        guard try packsAtLoad(parameters, m: problem.m) else {
            return problem.workload { a, b, c in
                sgemm(m: problem.m, n: problem.n, k: problem.k, a: a, b: b, c: c, threads: threads)
            }
        }
        let weights = PackedWeights(problem.b)
        return problem.workload { a, _, c in
            sgemm(m: problem.m, a: a, weights: weights, c: c, threads: threads)
        }
    }

    /// The fp32 product A·B of a problem, computed by the packed GEMM (the accuracy
    /// reference of the compressed kernels; itself checked against the Double reference).
    static func fp32Product(_ problem: Problem) -> [Float] {
        var c = [Float](repeating: 0, count: problem.m * problem.n)
        problem.a.values.withUnsafeBufferPointer { a in
            problem.b.values.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer {
                    sgemm(m: problem.m, n: problem.n, k: problem.k, a: a.baseAddress!, b: b.baseAddress!, c: $0.baseAddress!)
                }
            }
        }
        return c
    }

    /// Seeded inputs of one shape and the workload that times `multiply` on them.
    struct Problem {
        let m: Int, n: Int, k: Int
        let a: Matrix, b: Matrix

        init(m: Int, n: Int, k: Int, a: Matrix, b: Matrix) {
            (self.m, self.n, self.k, self.a, self.b) = (m, n, k, a, b)
        }

        init(_ parameters: Parameters) throws {
            n = try parameters.int("n")
            let m = try parameters.int("m"), k = try parameters.int("k")
            self.m = m == 0 ? n : m
            self.k = k == 0 ? n : k
            a = Matrix(rows: self.m, cols: self.k, seed: 1)
            b = Matrix(rows: self.k, cols: n, seed: 2)
        }

        var flops: Double { 2 * Double(m) * Double(n) * Double(k) }

        func workload(_ multiply: @escaping (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> Workload {
            let (a, b, m, n) = (self.a.values, self.b.values, self.m, self.n)
            let (matrixA, matrixB) = (self.a, self.b)
            let output = Deallocator(UnsafeMutablePointer<Float>.allocate(capacity: m * n))
            output.pointer.initialize(repeating: .nan, count: m * n)
            return Workload(
                verify: {
                    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in multiply(a.baseAddress!, b.baseAddress!, output.pointer) } }
                    try OutputCheck.product(Array(UnsafeBufferPointer(start: output.pointer, count: m * n)),
                                            a: matrixA, b: matrixB, tolerance: 1e-5)
                },
                throughputs: [Throughput("gflops", unit: "GFLOP/s", workPerOperation: flops / 1e9)],
                body: {
                    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in multiply(a.baseAddress!, b.baseAddress!, output.pointer) } }
                    blackHole(output.pointer.pointee)
                })
        }
    }
}

/// Owns a buffer for as long as a workload's closures hold it.
final class Deallocator<T> {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
    deinit { pointer.deallocate() }
}
