import BenchCompare
import BenchKit
import BenchStats
import Foundation
import XCTest

/// The gate's promise, measured on synthetic suites of 20 benchmarks with default options
/// (threshold 3%, alpha 0.01 family-wise, Holm), 10 processes × 20 samples per run, and the
/// noise of `NoiseModel`: 1% lognormal per-process offsets, 5% lognormal sample noise, 2%
/// outliers (×1.5-3), bimodal timings in every fourth benchmark; where stated, whole
/// processes 40-80% slow, or two memory-layout modes 20% apart. Seeds are fixed, so the
/// printed rates are exact for this code.
final class SimulationTests: XCTestCase {
    static let trials = 500
    let suite = SyntheticSuite(benchmarks: 20, processes: 10, samplesPerProcess: 20)

    /// Comparisons of identical code: how often does the gate fail (any regression)?
    func falseAlarmRate(_ suite: SyntheticSuite, seed: UInt64) throws -> Double {
        var rng = Xoshiro256StarStar(seed: seed)
        var alarms = 0, anyChange = 0
        for _ in 0..<Self.trials {
            let comparison = try compare(baseline: suite.run(rng: &rng), new: suite.run(rng: &rng))
            if comparison.hasRegression { alarms += 1 }
            if comparison.hasRegression || comparison.summary.improvements > 0 { anyChange += 1 }
        }
        print("simulation: A/A comparisons reporting any regression or improvement: \(anyChange)/\(Self.trials)")
        return Double(alarms) / Double(Self.trials)
    }

    /// Four of the 20 benchmarks (one of them bimodal) slowed by `factor`: the share of
    /// slowed benchmarks called a regression, and the number of other benchmarks wrongly
    /// called one.
    func detection(_ suite: SyntheticSuite, factor: Double, seed: UInt64) throws -> (rate: Double, wrong: Int) {
        var rng = Xoshiro256StarStar(seed: seed)
        let slowed = [0, 5, 10, 15]
        var caught = 0, wrong = 0
        for _ in 0..<Self.trials {
            let base = suite.run(rng: &rng)
            let new = suite.run(slowdown: Dictionary(uniqueKeysWithValues: slowed.map { ($0, factor) }), rng: &rng)
            let comparison = try compare(baseline: base, new: new)
            for (index, metric) in comparison.metrics.enumerated() where metric.verdict == .regression {
                if slowed.contains(index) { caught += 1 } else { wrong += 1 }
            }
        }
        return (Double(caught) / Double(Self.trials * slowed.count), wrong)
    }

    func testIdenticalCodeAlmostNeverFailsTheGate() throws {
        let rate = try falseAlarmRate(suite, seed: 1)
        print("simulation: A/A false-alarm rate \(rate) over \(Self.trials) comparisons of 20 benchmarks")
        XCTAssertLessThanOrEqual(rate, 0.01)
    }

    func testIdenticalCodeWithWholeProcessesRunningSlow() throws {
        var noisy = suite
        noisy.noise.slowProcessRate = 0.1  // one process in ten runs 40-80% slow
        let rate = try falseAlarmRate(noisy, seed: 2)
        print("simulation: A/A false-alarm rate with slow processes \(rate) over \(Self.trials) comparisons")
        XCTAssertLessThanOrEqual(rate, 0.01)
    }

    func testIdenticalCodeWithTwoLayoutModesPerProcess() throws {
        var modal = suite
        modal.noise.processModeShare = 0.5  // half the processes land in a layout 20% slower
        let rate = try falseAlarmRate(modal, seed: 9)
        print("simulation: A/A false-alarm rate with 50/50 layout modes \(rate) over \(Self.trials) comparisons")
        XCTAssertLessThanOrEqual(rate, 0.01)
    }

    func testTenPercentSlowdownIsCaught() throws {
        let result = try detection(suite, factor: 1.10, seed: 3)
        print("simulation: 10% slowdown caught \(result.rate); other benchmarks flagged \(result.wrong) times")
        XCTAssertGreaterThanOrEqual(result.rate, 0.95)
        XCTAssertLessThanOrEqual(result.wrong, Self.trials / 100)
    }

    func testFivePercentSlowdownIsUsuallyCaught() throws {
        let result = try detection(suite, factor: 1.05, seed: 4)
        print("simulation: 5% slowdown caught \(result.rate); other benchmarks flagged \(result.wrong) times")
        XCTAssertGreaterThanOrEqual(result.rate, 0.80)
    }

    /// Whole runs shifted by a 4% lognormal offset per benchmark: two files alone cannot
    /// tell such a shift from a regression, so the gate needs the earlier runs. With 20
    /// of them as history it keeps its A/A promise; what it can still resolve shrinks as
    /// the run-to-run spread grows (here ±5.7% between two runs): a 20% slowdown is seldom
    /// caught, 40% mostly (rates printed; asserted: more than half of the 40% ones).
    func testWholeRunShiftsAreToldFromRegressionsWithHistory() throws {
        var shifting = SyntheticSuite(benchmarks: 20, processes: 10, samplesPerProcess: 5)
        shifting.noise.runSpread = 0.04
        let trials = 200, historyLength = 20
        var rng = Xoshiro256StarStar(seed: 12)
        let series = RunSeries(shifting, trials: trials, historyLength: historyLength, later: 1, rng: &rng)
        var alarmsAlone = 0, alarmsWithHistory = 0, caught20 = 0, caught40 = 0
        for t in 0..<trials {
            let history = series.history(t), base = series.baseline(t), new = series.later(t)
            if try compare(baseline: base, new: new).hasRegression { alarmsAlone += 1 }
            let comparison = try compare(baseline: base, new: new, history: history)
            XCTAssertEqual(comparison.historyRuns, historyLength + 1)
            if comparison.hasRegression { alarmsWithHistory += 1 }
            let slowed = try compare(baseline: base, new: shifting.run(slowdown: [0: 1.2, 1: 1.4], rng: &rng),
                                     history: history)
            if slowed.metrics[0].verdict == .regression { caught20 += 1 }
            if slowed.metrics[1].verdict == .regression { caught40 += 1 }
        }
        print("simulation: 4% whole-run shifts: A/A false alarms \(alarmsAlone)/\(trials) as two files, \(alarmsWithHistory)/\(trials) with \(historyLength) runs of history; slowdowns caught: 20% \(caught20)/\(trials), 40% \(caught40)/\(trials)")
        XCTAssertGreaterThan(alarmsAlone, trials / 2, "the shifts are large enough to fool a two-file comparison")
        XCTAssertLessThanOrEqual(alarmsWithHistory, trials / 100)
        XCTAssertGreaterThan(caught40, trials / 2)
    }

    /// Rare, large whole-run shifts (15% on 5% of a benchmark's runs, 1% otherwise): a
    /// history without one underestimates them, so history alone still cries wolf now and
    /// then; measuring the regressed benchmarks again (as `bench --suite --gate` does) needs
    /// the shift to strike twice. A 30% slowdown is still caught most of the time.
    func testRareLargeWholeRunShiftsNeedASecondRun() throws {
        var suite = SyntheticSuite(benchmarks: 8, processes: 10, samplesPerProcess: 5)
        suite.noise.runSpread = 0.01
        suite.noise.runShiftRate = 0.05
        let trials = 300
        var rng = Xoshiro256StarStar(seed: 13)
        let series = RunSeries(suite, trials: trials, historyLength: 20, later: 2, rng: &rng)
        var alone = 0, withHistory = 0, confirmed = 0, caught = 0
        for t in 0..<trials {
            let history = series.history(t), base = series.baseline(t)
            if try compare(baseline: base, new: series.later(t)).hasRegression { alone += 1 }
            let first = try compare(baseline: base, new: series.later(t), history: history)
            if first.hasRegression { withHistory += 1 }
            let second = try compare(baseline: base, new: series.later(t, 2), history: history)
            if first.confirmed(by: second).hasRegression { confirmed += 1 }
            let slow = try compare(baseline: base, new: suite.run(slowdown: [0: 1.3], rng: &rng), history: history)
            let slowAgain = try compare(baseline: base, new: suite.run(slowdown: [0: 1.3], rng: &rng), history: history)
            if slow.confirmed(by: slowAgain).metrics[0].verdict == .regression { caught += 1 }
        }
        print("simulation: rare 15% whole-run shifts: A/A false alarms \(alone)/\(trials) as two files, \(withHistory)/\(trials) with history, \(confirmed)/\(trials) with history and a second run; 30% slowdown caught \(caught)/\(trials)")
        XCTAssertLessThanOrEqual(confirmed, trials / 100)
        XCTAssertGreaterThan(caught, trials / 2)
    }

    /// Not a promise, a measurement: with slow processes, and with only 5 processes per run,
    /// detection is weaker; the rates are printed for the README and only sanity-checked.
    /// Takes as long as the rest together, so it runs only with BENCHKIT_LONG_SIMULATION=1.
    func testWeakerSettingsAreMeasured() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["BENCHKIT_LONG_SIMULATION"] == "1",
                          "set BENCHKIT_LONG_SIMULATION=1 to measure the weaker settings")
        var noisy = suite
        noisy.noise.slowProcessRate = 0.1
        let slowTen = try detection(noisy, factor: 1.10, seed: 5)
        var five = suite
        five.processes = 5
        let fewTen = try detection(five, factor: 1.10, seed: 6)
        let fewFive = try detection(five, factor: 1.05, seed: 7)
        let slowFive = try detection(noisy, factor: 1.05, seed: 10)
        let fewAA = try falseAlarmRate(five, seed: 8)
        var fewModal = five
        fewModal.noise.processModeShare = 0.5
        let fewModalAA = try falseAlarmRate(fewModal, seed: 11)
        print("simulation: slow processes, 10% slowdown caught \(slowTen.rate), 5% caught \(slowFive.rate)")
        print("simulation: 5 processes, A/A \(fewAA), 10% caught \(fewTen.rate), 5% caught \(fewFive.rate)")
        print("simulation: 5 processes, A/A with 50/50 layout modes \(fewModalAA) (no test can be distribution-free here)")
        var others: [(String, SyntheticSuite)] = []
        var heavy = suite; heavy.noise.processOffsetDf = 2; heavy.noise.processSpread = 0.02
        others.append(("Student-t(2) process offsets", heavy))
        var mixed = suite; mixed.noise.spreadHeterogeneity = 30
        others.append(("process spread 1%..30% across benchmarks", mixed))
        var oftenSlow = suite; oftenSlow.noise.slowProcessRate = 0.3
        others.append(("30% of processes slow", oftenSlow))
        var single = suite; single.samplesPerProcess = 1; single.noise.sampleSpread = 0.3
        others.append(("one sample per process, 30% noise", single))
        var coarse = suite; coarse.noise.quantum = 0.1
        others.append(("timer steps of 10% of the time (many ties)", coarse))
        var pareto = suite; pareto.noise.paretoShape = 1.5
        others.append(("Pareto(1.5) factor on every sample", pareto))
        var drifting = suite; drifting.noise.withinProcessDrift = 0.4
        others.append(("up to ±40% drift within a process", drifting))
        var three = suite; three.processes = 3
        others.append(("3 processes per run", three))
        var uneven = suite; uneven.processCountOverride = { 4 + $0 % 9 }
        others.append(("4 to 12 processes, varying by benchmark", uneven))
        for (index, (name, other)) in others.enumerated() {
            let rate = try falseAlarmRate(other, seed: 20 + UInt64(index))
            print("simulation: A/A with \(name): \(rate)")
            // Consistent with a rate of at most 1%: a true 1% exceeds 10 of 500 with
            // probability 1.4% (one sample per process measured 15 / 3000 over more trials).
            XCTAssertLessThanOrEqual(rate * Double(Self.trials), 10, name)
        }
        XCTAssertLessThanOrEqual(fewAA, 0.01)
        XCTAssertGreaterThan(slowTen.rate, 0.5)
        XCTAssertGreaterThan(fewTen.rate, 0.5)
    }
}
