@testable import BenchCLI
import Foundation

/// Drives `BenchCLI` in this process, as the `bench` executable would with `arguments`
/// in `directory`: output captured, measurement allowed in this debug build, child
/// processes (process repetitions, callgrind) run by the built `bench`.
enum Bench {
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                    stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false) -> Outcome {
        let out = TextBuffer(), err = TextBuffer()
        let status = BenchCLI.run(arguments: arguments, environment: ["BENCH_ALLOW_DEBUG": "1"].merging(environment) { $1 },
                                  workspace: Workspace(root: directory),
                                  stdout: TextSink(isTerminal: stdoutIsTerminal, write: out.append),
                                  stderr: TextSink(isTerminal: stderrIsTerminal, write: err.append),
                                  executable: BenchBinary.path)
        return Outcome(status: status, stdout: out.text, stderr: err.text)
    }

    /// A context for calling a command's steps directly.
    static func context(in directory: String = NSTemporaryDirectory()) -> CommandContext {
        CommandContext(workspace: Workspace(root: directory),
                       console: Console(output: TextSink(isTerminal: false) { _ in }, errors: TextSink(isTerminal: false) { _ in }),
                       environment: [:], executable: BenchBinary.path)
    }
}

/// Text written from any thread, read once the run is over.
final class TextBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [String] = []

    func append(_ text: String) {
        lock.lock()
        chunks.append(text)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return chunks.joined()
    }
}
