import BenchCompare

/// How a comparison judges and gates, shared by `bench compare`, a run against its
/// baseline and `bench ci`: the practical threshold and the gate flags.
struct GateOptions: Sendable {
    /// The practical threshold, overriding the suite's and the files' (nil: theirs).
    var threshold: Double?
    /// Exit 1 on a significant regression.
    var gate = false
    /// Gate even when the environments differ.
    var allowEnvironmentMismatch = false
    /// Benchmarks in only one of the two count as failures.
    var failOnMissing = false

    static let threshold = Option.number("threshold", "FRACTION", in: 0...10, expected: "a fraction such as 0.05 (5%)",
                                         "practical threshold of a change, e.g. 0.05 for 5% (overrides the suite's and the files')")
    static let gateFlag = Flag("gate", "exit 1 if any benchmark regressed significantly")
    static let allowEnvironmentMismatchFlag = Flag("allow-env-mismatch", "gate even when the two environments differ")
    static let failOnMissingFlag = Flag("fail-on-missing", "count benchmarks present in only one of the two as failures")

    static let declarations = [threshold.declaration, gateFlag.declaration, allowEnvironmentMismatchFlag.declaration,
                               failOnMissingFlag.declaration]

    static func parse(_ arguments: ParsedArguments) throws -> GateOptions {
        GateOptions(threshold: try arguments.value(threshold), gate: arguments.isSet(gateFlag),
                    allowEnvironmentMismatch: arguments.isSet(allowEnvironmentMismatchFlag),
                    failOnMissing: arguments.isSet(failOnMissingFlag))
    }

    /// The comparison's settings these options give.
    var comparisonOptions: ComparisonOptions {
        ComparisonOptions(threshold: threshold, failOnMissing: failOnMissing)
    }
}
