import BenchCompare
import BenchKit
import BenchStats
import Foundation
import XCTest

/// Deterministic samples: `processes` groups of `count` values around `center`
/// (relative spread `spread`, process offsets included).
func samples(around center: Double, processes: Int = 5, count: Int = 10, spread: Double = 0.01, seed: UInt64 = 1) -> [[Double]] {
    var rng = Xoshiro256StarStar(seed: seed)
    return (0..<processes).map { _ in
        let offset = (rng.nextUnit() - 0.5) * spread
        return (0..<count).map { _ in center * (1 + offset + (rng.nextUnit() - 0.5) * spread) }
    }
}

/// A result file with a time metric per benchmark (and a throughput metric for "kernel").
func resultFile(suite: String = "demo", createdAt: String? = "2026-11-22T08:00:00Z", commit: String? = "c0ffee",
                scale: Double = 1, seed: UInt64 = 1) -> ResultFile {
    var environment = EnvironmentInfo()
    environment.commit = commit
    environment.cpu = "Test CPU"
    environment.build = "release"
    environment.hostname = "host"
    environment.cores = 2
    let kernel = BenchmarkResult(name: "kernel/n=64", metrics: [
        "time": MetricResult(unit: "ns", better: .lower, samples: samples(around: 2.0e6 * scale, seed: seed)),
        "gflops": MetricResult(unit: "GFLOP/s", better: .higher, samples: samples(around: 50 / scale, seed: seed + 1)),
    ], iterationsPerSample: [4, 4, 4, 4, 4])
    let tiny = BenchmarkResult(name: "tiny <&> \"quoted\"", metrics: [
        "time": MetricResult(unit: "ns", better: .lower, samples: samples(around: 120, seed: seed + 2)),
        "error": MetricResult(unit: "", better: .lower, value: 1e-6, tolerance: 1e-5),
    ])
    return ResultFile(suite: suite, createdAt: createdAt, environment: environment, benchmarks: [kernel, tiny])
}

/// A baseline and a new file where only `kernel/n=64` got `slowdown` slower.
func regressedPair(slowdown: Double = 1.2) throws -> (base: ResultFile, new: ResultFile, comparison: Comparison) {
    let base = resultFile(seed: 1)
    var new = resultFile(createdAt: "2026-11-22T09:00:00Z", commit: "beef", scale: slowdown, seed: 11)
    new.benchmarks[1] = base.benchmarks[1]
    return (base, new, try compare(baseline: base, new: new))
}

/// A fresh temporary directory removed after the test.
func temporaryDirectory(_ test: XCTestCase) -> String {
    let path = NSTemporaryDirectory() + "bench-report-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}
