/// Why `bench ci` could not compare two revisions: one line saying what, where and what
/// to do (exit code 2).
public enum CIError: Error, Equatable, CustomStringConvertible {
    case notAGitRepository(directory: String)
    case unknownRevision(String, detail: String)
    case worktreeFailed(directory: String, detail: String)
    case buildFailed(side: String, revision: String, log: String)
    case missingSuite(side: String, path: String)
    case repetitionFailed(side: String, index: Int, detail: String, log: String?)

    public var description: String {
        switch self {
        case .notAGitRepository(let directory):
            return "\(directory) is not inside a git repository; run `bench ci` from a clone of the project"
        case .unknownRevision(let revision, let detail):
            return "unknown revision '\(revision)' (\(detail)); pass a branch, tag or commit that exists (e.g. `git fetch` it first)"
        case .worktreeFailed(let directory, let detail):
            return "cannot prepare the git worktree \(directory) (\(detail)); remove it with `git worktree remove --force \(directory)` and retry"
        case .buildFailed(let side, let revision, let log):
            return "the \(side) revision \(revision) does not build in release; see \(log)"
        case .missingSuite(let side, let path):
            return "the \(side) revision has no suite file \(path); both revisions need the suite"
        case .repetitionFailed(let side, let index, let detail, let log):
            return "\(side) process \(index) failed (\(detail))" + (log.map { "; see \($0)" } ?? "")
        }
    }
}
