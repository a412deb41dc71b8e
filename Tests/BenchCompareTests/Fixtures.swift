import BenchKit
import BenchStats
import Foundation

/// Small hand-made result files for the rule tests.
enum Fixture {
    /// `processes` processes of `samples` samples around `center`, with ~1% noise per
    /// process and per sample, reproducible from `seed`.
    static func samples(_ center: Double, processes: Int = 10, samples: Int = 10, seed: UInt64) -> [[Double]] {
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<processes).map { _ in
            let offset = 1 + 0.01 * (rng.nextUnit() - 0.5)
            return (0..<samples).map { _ in center * offset * (1 + 0.01 * (rng.nextUnit() - 0.5)) }
        }
    }

    static func time(_ samples: [[Double]]) -> MetricResult {
        MetricResult(unit: "ns", better: .lower, samples: samples)
    }

    static func file(_ benchmarks: [BenchmarkResult], build: String = "release", cpu: String = "test-cpu") -> ResultFile {
        var environment = EnvironmentInfo()
        environment.build = build
        environment.cpu = cpu
        return ResultFile(suite: "fixture", createdAt: nil, environment: environment, benchmarks: benchmarks)
    }

    /// Baseline and new files with one benchmark "b" whose time changes by `factor`.
    static func pair(factor: Double, processes: Int = 10, threshold: Double? = nil) -> (ResultFile, ResultFile) {
        let base = BenchmarkResult(name: "b", metrics: ["time": time(samples(1000, processes: processes, seed: 1))],
                                   threshold: threshold)
        let new = BenchmarkResult(name: "b", metrics: ["time": time(samples(1000 * factor, processes: processes, seed: 2))],
                                  threshold: threshold)
        return (file([base]), file([new]))
    }
}
