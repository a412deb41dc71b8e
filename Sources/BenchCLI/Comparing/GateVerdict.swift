import BenchCompare

/// A comparison's gate decision as an exit code, said on stderr: shared by every
/// command that gates.
enum GateVerdict {
    /// 0 without `--gate` or when it passes, 1 when it fails; a refused gate (the
    /// environments differ) is a `UsageError`. `prefix` starts each line ("gate: ").
    static func exitCode(of comparison: Comparison, gate: GateOptions, console: Console, prefix: String) throws -> Int32 {
        guard gate.gate else { return ExitCode.success }
        switch comparison.gateDecision(allowEnvironmentMismatch: gate.allowEnvironmentMismatch) {
        case .pass:
            console.note(prefix + "passed (no significant regression)")
            return ExitCode.success
        case .fail(let reasons):
            console.note(prefix + "FAILED: " + reasons.joined(separator: "; "))
            return ExitCode.regression
        case .refused(let reasons):
            throw UsageError("gate refused: \(reasons.joined(separator: "; "))",
                             remedy: "compare results from the same machine and build, or pass --allow-env-mismatch")
        }
    }
}
