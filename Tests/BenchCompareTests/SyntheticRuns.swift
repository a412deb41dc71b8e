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
    /// Probability that a whole process lands in a second, slower layout mode, and that
    /// mode's gap (process-level bimodality: memory-layout luck).
    var processModeShare = 0.0
    var processModeGap = 0.2
    /// Draws process offsets from a Student t with this many degrees of freedom (heavy
    /// tails) instead of a normal; 0 = normal.
    var processOffsetDf = 0.0
    /// Multiplies `processSpread` by a per-benchmark factor, log-uniform in [1, this]: a
    /// suite mixing quiet and noisy benchmarks.
    var spreadHeterogeneity = 1.0
    /// Lognormal spread of a whole run's offset, per benchmark, shared by all processes of
    /// the run (a busy neighbour for the length of a run); 0 = runs differ only by chance.
    var runSpread = 0.0
    /// Probability that a whole run of a benchmark lands `runShiftSize` slower (a rare,
    /// large shift: heavier-tailed than `runSpread`).
    var runShiftRate = 0.0
    var runShiftSize = 0.15
    /// Timer granularity relative to the benchmark's level: samples are rounded to
    /// multiples of it (many ties); 0 = continuous.
    var quantum = 0.0
    /// Shape of a Pareto factor on every sample (heavy right tail, no variance below 2);
    /// 0 = none.
    var paretoShape = 0.0
    /// Largest relative drift from a process's first to its last sample (random slope,
    /// uniform in ±this): the machine speeding up or slowing down during a process.
    var withinProcessDrift = 0.0
}

struct SyntheticSuite {
    var benchmarks = 20
    var processes = 10
    var samplesPerProcess = 20
    var noise = NoiseModel()

    /// Processes of the run for benchmark b (all equal unless `processCountOverride`).
    var processCountOverride: ((Int) -> Int)?
    func processCount(_ b: Int) -> Int { processCountOverride?(b) ?? processes }

    /// Typical time of benchmark `b` in ns: spread over four decades.
    func level(_ b: Int) -> Double { 1e3 * pow(10, 4 * Double(b) / Double(benchmarks)) }

    /// One run; `slowdown[b]` multiplies benchmark b's true time (1.10 = 10% slower).
    func run(slowdown: [Int: Double] = [:], rng: inout Xoshiro256StarStar) -> ResultFile {
        let results = (0..<benchmarks).map { b -> BenchmarkResult in
            let bimodal = b % 4 == 3
            let spread = noise.processSpread * pow(noise.spreadHeterogeneity, Double(b) / Double(max(benchmarks - 1, 1)))
            var runOffset = noise.runSpread > 0 ? exp(noise.runSpread * normal(&rng)) : 1
            if noise.runShiftRate > 0 && rng.nextUnit() < noise.runShiftRate { runOffset *= 1 + noise.runShiftSize }
            let processes = (0..<processCount(b)).map { _ -> [Double] in
                var offset = runOffset * exp(spread * (noise.processOffsetDf > 0 ? studentT(noise.processOffsetDf, &rng) : normal(&rng)))
                if rng.nextUnit() < noise.processModeShare { offset *= 1 + noise.processModeGap }
                if rng.nextUnit() < noise.slowProcessRate { offset *= 1.4 + 0.4 * rng.nextUnit() }
                let slope = noise.withinProcessDrift * (2 * rng.nextUnit() - 1) / Double(max(samplesPerProcess - 1, 1))
                return (0..<samplesPerProcess).map { i in
                    var x = level(b) * (slowdown[b] ?? 1) * offset * exp(noise.sampleSpread * normal(&rng))
                    x *= 1 + slope * Double(i)
                    if bimodal && rng.nextUnit() < noise.bimodalShare { x *= 1 + noise.bimodalGap }
                    if rng.nextUnit() < noise.outlierRate { x *= 1.5 + 1.5 * rng.nextUnit() }
                    if noise.paretoShape > 0 { x *= pow(1 - rng.nextUnit(), -1 / noise.paretoShape) }
                    if noise.quantum > 0 {
                        let step = noise.quantum * level(b)
                        x = max(step, (x / step).rounded() * step)
                    }
                    return x
                }
            }
            return BenchmarkResult(name: "synthetic/\(b)",
                                   metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: processes)])
        }
        return ResultFile(suite: "synthetic", createdAt: nil, environment: nil, benchmarks: results)
    }
}

/// Consecutive runs of one suite, for trials that compare a run with the one before it
/// (the baseline) and use the `historyLength` runs before that as history. Trial t's
/// baseline is run t + historyLength; `later(t, k)` is the k-th run after it.
struct RunSeries {
    let runs: [ResultFile]
    let historyLength: Int

    init(_ suite: SyntheticSuite, trials: Int, historyLength: Int, later: Int, rng: inout Xoshiro256StarStar) {
        runs = (0..<(trials + historyLength + later)).map { _ in suite.run(rng: &rng) }
        self.historyLength = historyLength
    }

    func history(_ t: Int) -> [ResultFile] { Array(runs[t..<(t + historyLength)]) }
    func baseline(_ t: Int) -> ResultFile { runs[t + historyLength] }
    func later(_ t: Int, _ k: Int = 1) -> ResultFile { runs[t + historyLength + k] }
}

/// A standard normal draw (Box-Muller).
func normal(_ rng: inout Xoshiro256StarStar) -> Double {
    let u = 1 - rng.nextUnit(), v = rng.nextUnit()
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
}

/// A Student t draw with `df` degrees of freedom (normal over the root of a scaled chi-square).
func studentT(_ df: Double, _ rng: inout Xoshiro256StarStar) -> Double {
    var chiSquare = 0.0
    for _ in 0..<Int(df) { let z = normal(&rng); chiSquare += z * z }
    return normal(&rng) / (chiSquare / df).squareRoot()
}
