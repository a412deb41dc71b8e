/// Why a lockstep comparison could not be made: one line saying what, where and what to do.
public enum LockstepError: Error, Equatable, CustomStringConvertible {
    /// The side's binary does not speak the lockstep protocol (a revision from before it,
    /// or another protocol version); the caller may fall back to separate processes.
    case unsupported(side: String, detail: String)
    /// A worker failed or died while measuring.
    case workerFailed(side: String, benchmark: String?, detail: String, log: String?)
    /// The two sides share no benchmark to compare.
    case nothingInCommon(base: [String], head: [String])

    public var description: String {
        switch self {
        case .unsupported(let side, let detail):
            return "the \(side) binary cannot run in lockstep (\(detail)); use --design processes, or a base revision that has `bench lockstep-worker`"
        case .workerFailed(let side, let benchmark, let detail, let log):
            return "the \(side) lockstep worker failed" + (benchmark.map { " on \($0)" } ?? "") + ": \(detail)"
                + (log.map { "; see \($0)" } ?? "")
        case .nothingInCommon(let base, let head):
            return "base and head share no benchmark (base: \(base.prefix(5).joined(separator: ", ")); head: \(head.prefix(5).joined(separator: ", "))); check --filter and both suite files"
        }
    }
}
