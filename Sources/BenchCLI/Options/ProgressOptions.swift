/// How much progress a long command writes to stderr, shared by `run` and `ci`: by default
/// milestones always, and each step (every process, every lockstep pair) only on a
/// terminal, so a CI log gets a few lines per benchmark rather than one per step.
struct ProgressOptions: Sendable {
    var quiet: Bool
    var verbose: Bool

    static let quietFlag = Flag("quiet", "no progress lines")
    static let verboseFlag = Flag("verbose", "a line for every step (each process, each lockstep pair) even when stderr is not a terminal")
    static let declarations = [quietFlag.declaration, verboseFlag.declaration]

    static func parse(_ arguments: ParsedArguments) throws -> ProgressOptions {
        let options = ProgressOptions(quiet: arguments.isSet(quietFlag), verbose: arguments.isSet(verboseFlag))
        guard !(options.quiet && options.verbose) else {
            throw UsageError("--quiet and --verbose contradict each other", option: "--verbose", remedy: "pass one of them")
        }
        return options
    }

    /// Whether a line for each step goes to `console`'s stderr.
    func showsSteps(on console: Console) -> Bool {
        !quiet && (verbose || console.errors.isTerminal)
    }
}
