import BenchKit
import BenchStats
import Foundation

/// Synthetic result files with the noise seen on shared machines, drawn from a seeded
/// generator so every simulation is reproducible.
///
/// Per benchmark, per process: a lognormal process offset (`processSpread`), and with
/// probability `slowProcessRate` a whole process that runs 40-80% slow. Per sample:
/// lognormal noise (`sampleSpread`), outliers (probability `outlierRate`, ×1.5-3), and for
/// every fourth benchmark bimodal timings (30% of samples in a second mode 15% slower).
struct NoiseModel {
    var processSpread = 0.01
    var sampleSpread = 0.05
    var outlierRate = 0.02
    var slowProcessRate = 0.0
    var bimodalShare = 0.3
    var bimodalGap = 0.15
}

struct SyntheticSuite {
    var benchmarks = 20
    var processes = 10
    var samplesPerProcess = 20
    var noise = NoiseModel()

    /// Typical time of benchmark `b` in ns: spread over four decades.
    func level(_ b: Int) -> Double { 1e3 * pow(10, 4 * Double(b) / Double(benchmarks)) }

    /// One run; `slowdown[b]` multiplies benchmark b's true time (1.10 = 10% slower).
    func run(slowdown: [Int: Double] = [:], rng: inout Xoshiro256StarStar) -> ResultFile {
        let results = (0..<benchmarks).map { b -> BenchmarkResult in
            let bimodal = b % 4 == 3
            let processes = (0..<processes).map { _ -> [Double] in
                var offset = exp(noise.processSpread * normal(&rng))
                if rng.nextUnit() < noise.slowProcessRate { offset *= 1.4 + 0.4 * rng.nextUnit() }
                return (0..<samplesPerProcess).map { _ in
                    var x = level(b) * (slowdown[b] ?? 1) * offset * exp(noise.sampleSpread * normal(&rng))
                    if bimodal && rng.nextUnit() < noise.bimodalShare { x *= 1 + noise.bimodalGap }
                    if rng.nextUnit() < noise.outlierRate { x *= 1.5 + 1.5 * rng.nextUnit() }
                    return x
                }
            }
            return BenchmarkResult(name: "synthetic/\(b)",
                                   metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: processes)])
        }
        return ResultFile(suite: "synthetic", createdAt: nil, environment: nil, benchmarks: results)
    }
}

/// A standard normal draw (Box-Muller).
func normal(_ rng: inout Xoshiro256StarStar) -> Double {
    let u = 1 - rng.nextUnit(), v = rng.nextUnit()
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
}
