import BenchKit

/// The lockstep options shared by `bench ci` and the gate of `bench --suite S --gate`.
/// Their defaults are the lockstep runner's own.
enum LockstepFlags {
    private static let defaults = LockstepOptions(seed: 0, timerOverheadNs: 0, scratch: "")

    static let maximumTime = Option.number("max-time", "SECONDS", in: 1...86_400, expected: "seconds between 1 and 86400",
                                           "lockstep: start no new pair after this many seconds")
        .defaulting(to: defaults.maximumSeconds)
    static let minimumPairs = Option.integer("min-pairs", "N", in: 2...1000, "lockstep: process pairs every benchmark gets (even)")
        .defaulting(to: defaults.minimumPairs)
    static let maximumPairs = Option.integer("max-pairs", "N", in: 2...1000, "lockstep: most process pairs for an undecided benchmark")
        .defaultDescribed("\(defaults.maximumPairs), or --min-pairs when larger")
    static let cpu = Option.integer("cpu", "N", in: 0...1023, "lockstep: the CPU both sides share")
        .defaultDescribed("the last one this process may use")
    static let noPin = Flag("no-pin", "lockstep: do not pin the workers to one CPU")

    static let declarations = [maximumTime.declaration, minimumPairs.declaration, maximumPairs.declaration,
                               cpu.declaration, noPin.declaration]

    /// The settings the flags give (seed, timer overhead and scratch are the caller's).
    static func parse(_ arguments: ParsedArguments, threshold: Double?) throws -> LockstepOptions {
        var options = defaults
        options.threshold = threshold
        options.maximumSeconds = try arguments.value(maximumTime)
        options.minimumPairs = try arguments.value(minimumPairs)
        options.maximumPairs = try arguments.value(maximumPairs) ?? max(defaults.maximumPairs, options.minimumPairs)
        guard options.minimumPairs % 2 == 0 else {
            throw UsageError("--min-pairs must be even (half the pairs start with base, half with head), got \(options.minimumPairs)",
                             option: "--min-pairs", value: String(options.minimumPairs))
        }
        guard options.maximumPairs >= options.minimumPairs else {
            throw UsageError("--max-pairs (\(options.maximumPairs)) must be at least --min-pairs (\(options.minimumPairs))",
                             option: "--max-pairs", value: String(options.maximumPairs))
        }
        options.pin = !arguments.isSet(noPin)
        options.cpu = try arguments.value(cpu)
        return options
    }
}
