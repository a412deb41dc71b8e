import Foundation

/// Runs a helper command (git, swift) found on PATH and captures its output.
public enum Subprocess {
    /// Why a command failed: its first stderr line, or why it could not start.
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Runs `command` (in `directory`, else the current one) and returns its stdout;
    /// throws `Failure` when it cannot start or exits non-zero.
    public static func output(_ command: [String], in directory: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw Failure(message: "cannot run \(command.first ?? "command"): \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: String(decoding: errors, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
