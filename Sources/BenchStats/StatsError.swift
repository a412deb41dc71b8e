/// Why a statistics function refused its input. Each case names the argument and says
/// what a valid input looks like, so callers can turn it into a clear message.
public enum StatsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The named input was empty but the statistic needs at least `needed` values.
    case tooFewValues(what: String, count: Int, needed: Int)
    /// The named input holds NaN or an infinity at `index`.
    case nonFinite(what: String, index: Int)
    /// A parameter (probability, level, count) is outside its valid range.
    case invalidParameter(name: String, value: Double, expected: String)
    /// A value that must be strictly positive (a median used as a denominator, a value
    /// whose logarithm is taken) is not.
    case notPositive(what: String, value: Double)

    public var description: String {
        switch self {
        case let .tooFewValues(what, count, needed):
            return "\(what) has \(count) value(s) but needs at least \(needed); supply more data"
        case let .nonFinite(what, index):
            return "\(what) has a NaN or infinite value at index \(index); remove or fix it"
        case let .invalidParameter(name, value, expected):
            return "parameter \(name) = \(value) is invalid; expected \(expected)"
        case let .notPositive(what, value):
            return "\(what) is \(value) but must be > 0 (ratios and logarithms need positive values)"
        }
    }
}

/// Checks that `values` has at least `needed` elements, all finite.
func validate(_ values: [Double], _ what: String, needed: Int = 1) throws(StatsError) {
    guard values.count >= needed else {
        throw .tooFewValues(what: what, count: values.count, needed: needed)
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
        throw .nonFinite(what: what, index: bad)
    }
}

/// Checks that every inner array of `groups` is valid and that there are enough of them.
func validate(_ groups: [[Double]], _ what: String, neededGroups: Int = 1) throws(StatsError) {
    guard groups.count >= neededGroups else {
        throw .tooFewValues(what: "\(what) (processes)", count: groups.count, needed: neededGroups)
    }
    for (i, group) in groups.enumerated() {
        try validate(group, "\(what)[\(i)]")
    }
}

/// Checks that a probability-like parameter lies in the open interval (0, 1).
func validateOpenUnit(_ value: Double, _ name: String) throws(StatsError) {
    guard value > 0, value < 1 else {
        throw .invalidParameter(name: name, value: value, expected: "a number strictly between 0 and 1")
    }
}
