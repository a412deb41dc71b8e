import BenchKit

/// What a command runs with besides its options: where the project is, where output
/// goes, the environment it was started with, and the `bench` binary that child
/// processes run. Tests build one to drive commands in-process.
struct CommandContext: Sendable {
    let workspace: Workspace
    let console: Console
    /// The environment variables `bench` was started with (not this process's when in-process).
    let environment: [String: String]
    /// The `bench` executable that process repetitions, lockstep workers and kept
    /// baselines run: this binary when `bench` runs as itself.
    let executable: String

    /// A path typed by the user as `bench` should open it (see `Workspace.resolve`).
    func resolve(_ path: String) -> String {
        workspace.resolve(path)
    }
}
