import BenchKit

/// The lockstep options shared by `bench ci` and the gate of `bench --suite S --gate`.
enum LockstepFlags {
    static let options: [OptionSpec] = [
        .value("max-time", "SECONDS", "lockstep: start no new pair after this many seconds (default 120)"),
        .value("min-pairs", "N", "lockstep: process pairs every benchmark gets (even; default 6)"),
        .value("max-pairs", "N", "lockstep: most process pairs for an undecided benchmark (default 40)"),
        .value("cpu", "N", "lockstep: the CPU both sides share (default: the last one this process may use)"),
        .flag("no-pin", "lockstep: do not pin the workers to one CPU"),
    ]

    /// The settings the flags give (seed, timer overhead and scratch are the caller's).
    static func parse(_ parsed: ParsedArguments, threshold: Double?) throws -> LockstepOptions {
        var options = LockstepOptions(seed: 0, timerOverheadNs: 0, scratch: "")
        options.threshold = threshold
        options.maximumSeconds = try parsed.double("max-time", in: 1...86_400, what: "seconds between 1 and 86400") ?? options.maximumSeconds
        options.minimumPairs = try parsed.int("min-pairs", in: 2...1000) ?? options.minimumPairs
        options.maximumPairs = try parsed.int("max-pairs", in: 2...1000) ?? max(options.maximumPairs, options.minimumPairs)
        guard options.minimumPairs % 2 == 0 else {
            throw UsageError("--min-pairs must be even (half the pairs start with base, half with head), got \(options.minimumPairs)")
        }
        guard options.maximumPairs >= options.minimumPairs else {
            throw UsageError("--max-pairs (\(options.maximumPairs)) must be at least --min-pairs (\(options.minimumPairs))")
        }
        options.pin = !parsed.has("no-pin")
        options.cpu = try parsed.int("cpu", in: 0...1023)
        return options
    }
}
