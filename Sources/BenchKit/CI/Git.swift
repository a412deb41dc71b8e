import Foundation

/// The few git operations `bench ci` needs, run with `git -C <repository>`.
public struct Git: Sendable {
    public let repository: String

    /// The top level of the repository containing `directory`.
    public static func topLevel(of directory: String) throws -> Git {
        guard let top = try? run(["rev-parse", "--show-toplevel"], in: directory).trimmingCharacters(in: .whitespacesAndNewlines),
              !top.isEmpty else {
            throw CIError.notAGitRepository(directory: directory)
        }
        return Git(repository: top)
    }

    /// The full commit hash `revision` names.
    public func resolve(_ revision: String) throws -> String {
        guard !revision.hasPrefix("-") else { throw CIError.unknownRevision(revision, detail: "revisions do not start with '-'") }
        do {
            return try Self.run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: repository)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch let failure as Failure {
            throw CIError.unknownRevision(revision, detail: failure.message.isEmpty ? "not a commit in \(repository)" : failure.message)
        }
    }

    /// A detached worktree of `commit` at `path`, reusing one already there (its build
    /// folder then makes the next build incremental).
    public func worktree(at path: String, commit: String) throws {
        do {
            if FileManager.default.fileExists(atPath: path + "/.git") {
                _ = try Self.run(["checkout", "--quiet", "--detach", "--force", commit], in: path)
                _ = try Self.run(["clean", "-fdq", "-e", ".build"], in: path)
                return
            }
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            _ = try Self.run(["worktree", "prune"], in: repository)
            _ = try Self.run(["worktree", "add", "--quiet", "--detach", "--force", path, commit], in: repository)
        } catch let failure as Failure {
            throw CIError.worktreeFailed(directory: path, detail: failure.message)
        } catch {
            throw CIError.worktreeFailed(directory: path, detail: "\(error)")
        }
    }

    typealias Failure = Subprocess.Failure

    /// Runs git and returns its stdout; throws `Failure` with its first stderr line.
    static func run(_ arguments: [String], in directory: String) throws -> String {
        try Subprocess.output(["git", "-C", directory] + arguments)
    }
}
