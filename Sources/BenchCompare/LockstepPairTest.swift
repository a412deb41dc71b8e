import BenchKit
import BenchStats
import Foundation

extension ProcessLevelTest {
    /// The evidence of a lockstep comparison: pair p is `baseline[p]` and `new[p]`, taken in
    /// turns on one CPU (see `LockstepPairs`). The pairs are the unit: the change is the
    /// mean of the pairs' log changes, tested with a t-test over pairs. Whole-run shifts
    /// hit both sides of a pair alike, so no run-level evidence is needed.
    init(lockstepBaseline baseline: [[Double]], new: [[Double]], level: Double) throws(StatsError) {
        let pairs = zip(baseline, new).filter { !$0.0.isEmpty && !$0.1.isEmpty }
        let base = pairs.map(\.0), head = pairs.map(\.1)
        self.baseline = MetricSide(center: try centre(ofProcesses: base), processes: base.count, samples: base.reduce(0) { $0 + $1.count })
        self.new = MetricSide(center: try centre(ofProcesses: head), processes: head.count, samples: head.reduce(0) { $0 + $1.count })
        logScale = true
        notes = []
        guard pairs.count >= 2 else {
            change = self.new.center / self.baseline.center - 1
            notes.append("\(pairs.count) lockstep pair(s): the test needs at least 2; run more pairs")
            return
        }
        let paired = try LockstepPairs.test(base: base, head: head)
        let interval = try paired.interval(level: level)
        change = expm1(paired.logChange)
        changeLower = expm1(interval.lower)
        changeUpper = expm1(interval.upper)
        pValue = paired.pValue
        test = .lockstepPairs
        standardError = paired.standardError
        degreesOfFreedom = paired.degreesOfFreedom
    }
}
