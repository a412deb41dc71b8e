import Foundation
import XCTest

/// Runs the built `bench` executable as a user would, capturing exit code and output.
struct BenchBinary {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

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

/// A throwaway project directory with `suites/`, removed after the test.
func workspace(_ test: XCTestCase, suites: [String: String] = [:]) -> String {
    let root = NSTemporaryDirectory() + "bench-cli-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: root + "/suites", withIntermediateDirectories: true)
    for (name, text) in suites {
        _ = FileManager.default.createFile(atPath: "\(root)/suites/\(name).json", contents: Data(text.utf8))
    }
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
    return root
}

let tinySuite = #"{"processes":2,"timeBudget":0.01,"warmup":0.001,"benchmarks":[{"benchmark":"harness/empty"},{"benchmark":"harness/sum","parameters":{"count":[100,200]}}]}"#
