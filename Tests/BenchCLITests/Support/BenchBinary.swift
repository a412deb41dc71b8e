import Foundation
import XCTest

/// What a `bench` run (spawned or in-process) ended with.
struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// Runs the built `bench` executable as a user would, capturing exit code and output:
/// for what is about processes (process repetitions, lockstep workers, signals, serve).
/// Everything else drives `BenchCLI` in-process (`Bench.run`).
struct BenchBinary {
    /// The `bench` built next to the test bundle (SwiftPM's products directory).
    static var path: String {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
            .map { $0.appendingPathComponent("bench").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Runs in `directory` with measurement allowed in this (debug) test build; a run
    /// still going after `timeout` seconds is killed (a test of a command that must exit).
    static func run(_ arguments: [String], in directory: String, allowDebug: Bool = true, timeout: Double? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        if allowDebug { environment["BENCH_ALLOW_DEBUG"] = "1" }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        if let timeout { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog) }
        defer { watchdog.cancel() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension BenchBinary {
    /// Starts `bench` in `directory` without waiting (measurement allowed in this debug
    /// build, `environment` added), output discarded.
    static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment
            .merging(environment) { $1 }.merging(["BENCH_ALLOW_DEBUG": "1"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
