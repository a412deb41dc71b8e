/// Why a comparison could not be made. Each case says what, where, and what to do.
public enum CompareError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidOption(name: String, value: Double, expected: String)
    /// A metric's data is unusable (non-finite samples, a missing value, …).
    case invalidMetric(file: String, benchmark: String, metric: String, problem: String)

    public var description: String {
        switch self {
        case let .invalidOption(name, value, expected):
            return "comparison option \(name) = \(value) is invalid; expected \(expected)"
        case let .invalidMetric(file, benchmark, metric, problem):
            return "\(file) result, benchmark \"\(benchmark)\", metric \"\(metric)\": \(problem); fix or re-create the result file"
        }
    }
}
