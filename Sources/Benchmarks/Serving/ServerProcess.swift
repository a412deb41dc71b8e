import BenchKit
import Foundation
import Serving

/// The reference server as a separate process on a free loopback port, so the load
/// generator and the server do not share a process's luck. Stopped (SIGINT, then
/// waited for) when released.
final class ServerProcess {
    let port: Int
    private let process: Process

    /// Starts `bench serve --port 0 …` and waits until it listens and reports ready.
    init(arguments: [String], timeout: Double = 30) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRepetitions.currentExecutable())
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
        process.environment = ParentDeath.childEnvironment() // dies with the measuring process
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // "listening on http://127.0.0.1:PORT (models: …)"
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let portText = text.split(separator: ":").dropFirst(2).first?.prefix(while: \.isNumber), let port = Int(portText) else {
            process.terminate()
            process.waitUntilExit()
            let reason = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw BenchError.setUpFailed(benchmark: "serving", detail: "the server did not start: \(reason.isEmpty ? text : reason)")
        }
        self.port = port
        try waitUntilReady(timeout: timeout)
    }

    private func waitUntilReady(timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 1)
            if let response = try? client.request("GET", "/v2/health/ready"), response.status == 200 { return }
            usleep(20_000)
        }
        throw BenchError.setUpFailed(benchmark: "serving", detail: "the server on port \(port) was not ready within \(timeout) s")
    }

    deinit {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
    }
}
