import BenchCompare
import BenchKit
import Foundation

/// The `bench` command line. Commands come from `CommandRegistry`; every user-caused
/// error becomes one line on stderr and exit code 2, here and nowhere else.
public enum BenchCLI {
    /// The executable's entry: runs `bench` with this process's arguments (without the
    /// program name), environment and standard streams. A `bench` started as a child of
    /// another (`run-repetition`, lockstep workers) first binds itself to die with its
    /// parent (`ParentDeath`).
    public static func main(_ arguments: [String]) -> Int32 {
        ParentDeath.bindToParentIfRequested()
        return run(arguments: arguments)
    }

    /// Runs `bench` in this process and returns its exit code: `arguments` without the
    /// program name, `environment` as `bench` would see it, output to `stdout` and
    /// `stderr`, the project in `workspace`, and `executable` as the `bench` binary that
    /// child processes run (this binary by default; tests name the built `bench`).
    public static func run(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                           workspace: Workspace = .current, stdout: TextSink = .standardOutput,
                           stderr: TextSink = .standardError,
                           executable: String = ProcessRepetitions.currentExecutable()) -> Int32 {
        let console = Console(output: stdout, errors: stderr)
        let context = CommandContext(workspace: workspace, console: console, environment: environment, executable: executable)
        do {
            return try Dispatcher.dispatch(arguments, context: context)
        } catch let error as UsageError {
            console.error(error.message)
        } catch let error as BenchError {
            console.error(error.description)
        } catch let error as CompareError {
            console.error(error.description)
        } catch let exit as ChildExit {
            return exit.status
        } catch {
            console.error("\(error)")
        }
        return ExitCode.badInput
    }
}
