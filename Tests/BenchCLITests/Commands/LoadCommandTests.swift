import Foundation
import XCTest

/// `bench load`: bad flags are one line and exit 2; a run's verdict is its exit code
/// (1 when failed requests exceed the error budget), and errors are listed by status.
final class LoadCommandTests: XCTestCase {
    func testBadFlagsAreOneLineAndExitTwo() throws {
        let root = workspace(self)
        let cases: [([String], String)] = [
            (["--rate", "10:5:1"], "--rate expects"),
            (["--rate", "fast"], "--rate expects"),
            (["--rate", "1e-300"], "--rate expects"),
            (["--rate", "1e300"], "at most 10000000"),
            (["--rate", "0.001:1e300:1e-300"], "steps; at most 1000"),
            (["--min-queries", "1000000000", "--rate", "0.001", "--input", "a:1:FP32", "--target", "http://127.0.0.1:9"], "would take more than a week"),
            (["--scenario", "sweep", "--levels", "0:4:1"], "--levels expects"),
            (["--scenario", "max-concurrency", "--levels", "0:4:1"], "--levels expects"),
            (["--input", "input:1x4:FLOAT"], "unknown datatype 'FLOAT'"),
            (["--input", "input:4"], "is not NAME:SHAPE:DATATYPE"),
            (["--input", "a:1:FP32", "--header", "no-colon"], "--header 'no-colon' is not NAME:VALUE"),
            (["--input", "a:1:FP32", "--header", "Content-Length: 3"], "is set by bench load itself"),
            (["--input", "a:1:FP32", "--input-data", root + "/absent.json"], "cannot read the file"),
            (["--arrival", "uniform"], "--arrival must be one of poisson, constant"),
            (["--path", "/v2/health/live", "--binary"], "--binary shapes infer requests"),
            (["--max-error-rate", "2"], "--max-error-rate expects a fraction"),
            (["--protocol", "openai", "--input", "a:1:FP32"], "--input applies to --protocol kserve, not openai"),
            (["--max-tokens", "5"], "--max-tokens applies to --protocol openai"),
            (["--protocol", "grpc"], "--protocol must be one of kserve, openai, openai-chat"),
            (["--target", "http://127.0.0.1:1"], "cannot read metadata of model 'mlp-fp32'"),
        ]
        for (arguments, message) in cases {
            let outcome = Bench.run(["load", "--duration", "0.1"] + arguments, in: root)
            XCTAssertEqual(outcome.status, 2, "\(arguments): \(outcome.stderr)")
            XCTAssertEqual(outcome.stderrLines.count, 1, "\(arguments): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
    }

    func testVerdictIsTheExitCode() throws {
        let root = workspace(self)
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models").path
        let server = Process()
        server.executableURL = URL(fileURLWithPath: BenchBinary.path)
        server.arguments = ["serve", "--port", "0", "--models", models]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        let url = try XCTUnwrap(text.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init), text)

        let failing = Bench.run(["load", "--target", url, "--path", "/v2/models/absent", "--scenario", "offline",
                                 "--connections", "2", "--duration", "0.2", "--warmup", "0"], in: root)
        XCTAssertEqual(failing.status, 1, failing.stdout + failing.stderr)
        XCTAssertTrue(failing.stdout.contains("HTTP 404 ×"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("verdict: INVALID (error rate 100.00% above the budget of 1.00%)"), failing.stdout)

        let csv = root + "/steps.csv"
        let passing = Bench.run(["load", "--target", url, "--model-version", "1", "--input", "input:1x64:FP32", "--binary",
                                 "--rate", "100:200:100", "--duration", "0.2", "--warmup", "0.05", "--csv", csv],
                                in: root)
        XCTAssertEqual(passing.status, 0, passing.stdout + passing.stderr)
        XCTAssertTrue(passing.stdout.contains("service time ms, from the send:"), passing.stdout)
        XCTAssertTrue(passing.stdout.contains("send delay ms (generator lag):"), passing.stdout)
        XCTAssertEqual(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").count, 3, "header and two steps")
    }
}
