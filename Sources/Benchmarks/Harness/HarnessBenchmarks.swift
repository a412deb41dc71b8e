import BenchKit

/// Benchmarks of the harness itself: what it measures for no work, and for a
/// known amount of work (doubling `count` must double the time).
enum HarnessBenchmarks {
    static let empty = Benchmark("harness/empty", summary: "An empty body: the engine's own per-operation cost") { _ in
        Workload(body: {})
    }

    static let sum = Benchmark("harness/sum", summary: "Sums `count` integers: work proportional to count",
                               parameters: [ParameterSpec("count", .int, default: .int(1000), range: 1...1e8, summary: "integers summed per operation")]) { parameters in
        let count = try parameters.int("count")
        let values = (0..<count).map { UInt64($0 &* 2_654_435_761 & 0xFFFF) }
        let expected = values.reduce(0, &+)
        return Workload(
            verify: {
                let total = identity(values).reduce(0, &+)
                if total != expected { throw VerificationError("sum \(total) != \(expected)") }
            },
            throughputs: [Throughput("gelems", unit: "Gelem/s", workPerOperation: Double(count) / 1e9)],
            body: {
                var total: UInt64 = 0
                for value in identity(values) { total = total &+ (value ^ (total >> 7)) }
                blackHole(total)
            })
    }
}
