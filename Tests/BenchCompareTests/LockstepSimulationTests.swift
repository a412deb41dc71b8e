import BenchCompare
import BenchKit
import BenchStats
import Foundation
import XCTest

/// The lockstep gate's promise, on synthetic lockstep runs of an 8-benchmark suite with
/// default options (threshold 3%, alpha 0.01 family-wise, Holm), 6 pairs × 24 samples per
/// side. The machine is hostile in the ways measured on shared CI machines: its speed
/// drifts as a random walk shared sample by sample by both sides (1% per sample), each
/// process has its own layout luck (0.5% lognormal), whole pairs land up to 15% slow, the
/// side that moves first gains 0.4%, 2% of samples are outliers (×1.5-3), and every
/// sample has 1% noise. Seeds are fixed, so the printed rates are exact for this code.
final class LockstepSimulationTests: XCTestCase {
    static let trials = 400

    struct Machine {
        var benchmarks = 8
        var pairs = 6
        var samplesPerSide = 24
        var drift = 0.01
        var processLuck = 0.005
        var firstMoverGain = 0.004
        var outlierRate = 0.02
        var sampleNoise = 0.01

        /// Base and head files of one lockstep run; head benchmark i is slower by `slowdown[i]`.
        func run(slowdown: [Int: Double] = [:], rng: inout SplitMix64) -> (ResultFile, ResultFile) {
            var base: [BenchmarkResult] = [], head: [BenchmarkResult] = []
            for index in 0..<benchmarks {
                var baseSamples: [[Double]] = [], headSamples: [[Double]] = []
                for pair in 0..<pairs {
                    let headFirst = pair % 2 == 1
                    let pairSlow = 1 + 0.15 * rng.uniform()
                    let luck = (base: exp(processLuck * rng.normal()), head: exp(processLuck * rng.normal()))
                    var speed = 1.0
                    var b: [Double] = [], h: [Double] = []
                    func sample(head isHead: Bool, first: Bool) -> Double {
                        speed *= exp(drift * rng.normal())
                        var value = 1000 * pairSlow * speed * (isHead ? luck.head * (slowdown[index] ?? 1) : luck.base)
                        value *= exp(sampleNoise * rng.normal()) * (first ? 1 - firstMoverGain : 1)
                        if rng.uniform() < outlierRate { value *= 1.5 + 1.5 * rng.uniform() }
                        return value
                    }
                    for _ in 0..<(samplesPerSide / 2) {
                        for (isHead, isFirst) in [(headFirst, true), (!headFirst, false), (!headFirst, false), (headFirst, true)] {
                            let value = sample(head: isHead, first: isFirst)
                            if isHead { h.append(value) } else { b.append(value) }
                        }
                    }
                    baseSamples.append(b)
                    headSamples.append(h)
                }
                base.append(BenchmarkResult(name: "b\(index)", metrics: ["time": Fixture.time(baseSamples)]))
                head.append(BenchmarkResult(name: "b\(index)", metrics: ["time": Fixture.time(headSamples)]))
            }
            var baseFile = Fixture.file(base), headFile = Fixture.file(head)
            baseFile.design = MeasurementDesign(kind: .lockstep, session: "s", role: "base")
            headFile.design = MeasurementDesign(kind: .lockstep, session: "s", role: "head")
            return (baseFile, headFile)
        }
    }

    func testIdenticalCodeAlmostNeverFailsTheLockstepGate() throws {
        var rng = SplitMix64(seed: 11)
        var alarms = 0
        for _ in 0..<Self.trials {
            let (base, head) = Machine().run(rng: &rng)
            let comparison = try compare(baseline: base, new: head)
            XCTAssertEqual(comparison.design, .lockstep)
            if comparison.hasRegression { alarms += 1 }
        }
        print("lockstep simulation: A/A suites failing the gate: \(alarms)/\(Self.trials)")
        XCTAssertLessThanOrEqual(Double(alarms) / Double(Self.trials), 0.01)
    }

    func testIdenticalCodeUnderFiveTimesTheDriftAndMoreOutliersStillPasses() throws {
        var rng = SplitMix64(seed: 12)
        var machine = Machine()
        machine.drift = 0.05
        machine.outlierRate = 0.1
        machine.processLuck = 0.02
        var alarms = 0
        for _ in 0..<Self.trials {
            let (base, head) = machine.run(rng: &rng)
            if try compare(baseline: base, new: head).hasRegression { alarms += 1 }
        }
        print("lockstep simulation: A/A suites failing under 5% drift per sample, 10% outliers, 2% process luck: \(alarms)/\(Self.trials)")
        XCTAssertLessThanOrEqual(Double(alarms) / Double(Self.trials), 0.01)
    }

    func testFivePercentSlowdownIsCaught() throws {
        var rng = SplitMix64(seed: 13)
        var caught = 0, wrong = 0
        for _ in 0..<Self.trials {
            let (base, head) = Machine().run(slowdown: [2: 1.05], rng: &rng)
            for metric in try compare(baseline: base, new: head).metrics where metric.verdict == .regression {
                if metric.benchmark == "b2" { caught += 1 } else { wrong += 1 }
            }
        }
        print("lockstep simulation: 5% slowdown caught \(caught)/\(Self.trials), other benchmarks flagged \(wrong)")
        XCTAssertGreaterThanOrEqual(Double(caught) / Double(Self.trials), 0.95)
        XCTAssertLessThanOrEqual(wrong, 4)
    }

    func testChangeInsideTheThresholdIsNotARegression() throws {
        var rng = SplitMix64(seed: 14)
        var flagged = 0
        for _ in 0..<100 {
            let (base, head) = Machine().run(slowdown: [0: 1.01], rng: &rng)
            flagged += try compare(baseline: base, new: head).metrics.filter { $0.verdict == .regression }.count
        }
        XCTAssertEqual(flagged, 0, "a real 1% change is significant but within the 3% threshold")
    }
}
