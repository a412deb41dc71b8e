/// The search for the highest closed-loop concurrency whose run meets a latency bound
/// (perf_analyzer's `--binary-search` over `--concurrency-range` with `--latency-threshold`).
///
/// Concurrency is a whole number, so the search doubles from the lowest level until a run
/// fails or the highest level passes, then bisects between the last passing and the first
/// failing level. Like perf_analyzer it assumes latency grows with concurrency.
public struct ConcurrencySearch: Sendable, Equatable {
    /// The levels searched, both ends included.
    public var levels: ClosedRange<Int>
    /// Most bisection runs after the doubling phase.
    public var bisectionSteps: Int

    public init(levels: ClosedRange<Int>, bisectionSteps: Int) {
        self.levels = levels
        self.bisectionSteps = bisectionSteps
    }

    /// The highest level for which `passes` holds (nil when even the lowest fails), calling
    /// `passes` once per level tried, in the order tried.
    public func run(_ passes: (Int) throws -> Bool) rethrows -> Int? {
        var level = levels.lowerBound
        guard try passes(level) else { return nil }
        var best = level
        var failing: Int? = nil
        while best < levels.upperBound {
            level = min(levels.upperBound, best * 2)
            if try passes(level) { best = level } else { failing = level; break }
        }
        guard var high = failing else { return best }
        var steps = 0
        while high - best > 1 && steps < bisectionSteps {
            let middle = best + (high - best) / 2
            if try passes(middle) { best = middle } else { high = middle }
            steps += 1
        }
        return best
    }
}
