import Foundation

/// Timings are compared only when they come from optimized builds. A debug `bench`
/// asked to measure re-executes itself as a release build, or refuses with the exact
/// command to type.
enum BuildConfiguration {
    static var current: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    static var isDebug: Bool { current == "debug" }

    /// Set to 1 to measure in a debug build anyway (tests of the harness itself); the
    /// result is marked `"build": "debug"` and never gated against release results.
    static let allowDebugVariable = "BENCH_ALLOW_DEBUG"

    /// The package this binary was built from (four levels above this file).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// In a debug build: builds the release `bench` and replaces this process with it
    /// (same arguments, same directory). Returns only if measuring here is allowed;
    /// throws a usage error naming the command to type when re-executing fails.
    static func ensureOptimized(arguments: [String], environment: [String: String], console: Console) throws {
        guard isDebug, environment[allowDebugVariable] != "1" else { return }
        let command = "swift run -c release bench " + arguments.map(shellQuoted).joined(separator: " ")
        let refusal = UsageError("this is a debug build and its timings would be meaningless", remedy: "run: \(command)")
        let root = packageRoot
        guard FileManager.default.fileExists(atPath: root + "/Package.swift") else { throw refusal }
        console.note("bench: debug build; building the release binary to measure optimized code…")
        guard run(["swift", "build", "-c", "release", "--product", "bench"], in: root, captureOutput: false) != nil,
              let binPath = run(["swift", "build", "-c", "release", "--show-bin-path"], in: root, captureOutput: true)
        else { throw refusal }
        let executable = binPath.trimmingCharacters(in: .whitespacesAndNewlines) + "/bench"
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw refusal }
        let argv = [executable] + arguments
        let cArguments = argv.map { strdup($0) } + [nil]
        execv(executable, cArguments)
        throw refusal
    }

    private static func run(_ command: [String], in directory: String, captureOutput: Bool) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let pipe = Pipe()
        process.standardOutput = captureOutput ? pipe : FileHandle.standardError
        guard (try? process.run()) != nil else { return nil }
        let data = captureOutput ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    static func shellQuoted(_ argument: String) -> String {
        let safe = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }
        return safe ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
