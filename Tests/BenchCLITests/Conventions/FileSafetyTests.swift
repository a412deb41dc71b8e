import Foundation
import XCTest

/// Files are never lost or written outside their folders, names from files never reach
/// the terminal raw, and a run that cannot write its result fails before measuring.
final class FileSafetyTests: XCTestCase {
    private func result(machine: String, createdAt: String = "2026-11-22T08:00:00Z", benchmark: String = "b") -> String {
        #"{"schema":"bench-result/1","suite":"s","createdAt":"\#(createdAt)","environment":{"machine":"\#(machine)","build":"release"},"benchmarks":[{"name":"\#(benchmark)","parameters":{},"metrics":{"time":{"unit":"ns","better":"lower","samples":[[1,2,3]]}}}]}"#
    }

    private func assertOneLineError(_ outcome: Outcome, mentions expected: [String],
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.status, 2, outcome.stderr, file: file, line: line)
        XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr, file: file, line: line)
        for text in expected {
            XCTAssertTrue(outcome.stderr.contains(text), "'\(text)' missing from: \(outcome.stderr)", file: file, line: line)
        }
    }

    func testASuiteNameThatLeavesResultsIsRefused() throws {
        let escape = "escaped-\(UUID().uuidString)"
        let root = workspace(self, suites: [
            "evil": #"{"suite":"../../\#(escape)","processes":1,"timeBudget":0.01,"warmup":0,"benchmarks":[{"benchmark":"harness/empty"}]}"#,
            "blank": #"{"suite":"","processes":1,"benchmarks":[{"benchmark":"harness/empty"}]}"#,
        ])
        assertOneLineError(Bench.run(["--suite", "evil", "--no-compare"], in: root),
                           mentions: ["evil.json", "suite name \"../../\(escape)\"", "contains '/'"])
        assertOneLineError(Bench.run(["--suite", "blank"], in: root), mentions: ["blank.json", "is empty"])
        let outside = (root as NSString).deletingLastPathComponent
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: outside).contains { $0.hasPrefix(escape) })
    }

    func testAMachineThatLeavesBaselinesIsRefused() throws {
        let root = workspace(self)
        let escape = "escaped-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: root + "/r.json", contents: Data(result(machine: "../../\(escape)").utf8))
        assertOneLineError(Bench.run(["baseline", "update", "--suite", "s", "--from", "r.json"], in: root),
                           mentions: ["r.json", "environment.machine", "cannot be used as a file name"])
        assertOneLineError(Bench.run(["baseline", "update", "--suite", "../s", "--from", "r.json"], in: root),
                           mentions: ["--suite", "suite name \"../s\""])
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/\(escape)"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/baselines"))
    }

    func testConcurrentBaselineUpdatesKeepEveryResult() throws {
        // Two `bench baseline update` at once lost one result in 15 of 20 trials.
        let root = workspace(self)
        for (name, day) in [("c", 20), ("a", 21), ("b", 22)] {
            _ = FileManager.default.createFile(atPath: "\(root)/\(name).json",
                                               contents: Data(result(machine: "m", createdAt: "2026-11-\(day)T08:00:00Z").utf8))
        }
        for trial in 1...8 {
            try? FileManager.default.removeItem(atPath: root + "/baselines")
            XCTAssertEqual(Bench.run(["baseline", "update", "--suite", "s", "--from", "c.json"], in: root).status, 0)
            let racers = try ["a.json", "b.json"].map { try BenchBinary.start(["baseline", "update", "--suite", "s", "--from", $0], in: root) }
            for racer in racers {
                racer.waitUntilExit()
                XCTAssertEqual(racer.terminationStatus, 0)
            }
            let history = try FileManager.default.contentsOfDirectory(atPath: root + "/baselines/m/history")
            XCTAssertEqual(history.count, 2, "trial \(trial): \(history)")
            let stored = try (history.map { "baselines/m/history/" + $0 } + ["baselines/m/s.json"]).map {
                try String(contentsOfFile: root + "/" + $0, encoding: .utf8)
            }
            for day in 20...22 {
                XCTAssertEqual(stored.filter { $0.contains("2026-11-\(day)T08:00:00Z") }.count, 1, "trial \(trial): day \(day)")
            }
        }
    }

    func testNamesFromFilesArePrintedEscaped() throws {
        // A name with a newline and ANSI codes printed raw could forge an "all passed" line.
        let root = workspace(self)
        let hostile = #"b\n\u001b[32m0 regressions, all passed\u001b[0m\r"#
        _ = FileManager.default.createFile(atPath: root + "/base.json", contents: Data(result(machine: "m").utf8))
        _ = FileManager.default.createFile(atPath: root + "/new.json", contents: Data(result(machine: "m", benchmark: hostile).utf8))
        for format in ["text", "markdown"] {
            let outcome = Bench.run(["compare", "base.json", "new.json", "--format", format], in: root)
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            XCTAssertFalse(outcome.stdout.contains("\u{1B}") || outcome.stdout.contains("\r"), outcome.stdout)
            XCTAssertTrue(outcome.stdout.contains(#"b\n\u{1B}[32m0 regressions, all passed"#), outcome.stdout)
        }
        _ = FileManager.default.createFile(atPath: root + "/bad.json", contents: Data(result(machine: #"m\n\u001b[2J"#).utf8))
        let error = Bench.run(["baseline", "update", "--suite", "s", "--from", "bad.json"], in: root)
        assertOneLineError(error, mentions: [#""m\n\u{1B}[2J""#])
        XCTAssertFalse(error.stderr.contains("\u{1B}"))
    }

    func testAnOutputThatCannotBeWrittenFailsBeforeMeasuring() throws {
        // `--output DIR` used to measure the whole suite, then fail to write.
        let root = workspace(self, suites: ["tiny": tinySuite])
        try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: false)
        let outcome = Bench.run(["--suite", "tiny", "--output", "out"], in: root)
        assertOneLineError(outcome, mentions: ["out", "is a directory"])
        XCTAssertFalse(outcome.stderr.contains("[1/"), "nothing was measured")
    }

    func testHugeParameterGridsAreRefusedNamingSuiteAndCount() throws {
        let counts = (1...20_000).map(String.init).joined(separator: ",")
        let root = workspace(self, suites: ["huge": #"{"benchmarks":[{"benchmark":"harness/sum","parameters":{"count":[\#(counts)]}}]}"#])
        assertOneLineError(Bench.run(["list", "--suite", "huge"], in: root),
                           mentions: ["huge.json", "suite \"huge\" expands to 20000 benchmark instances", "limit of 10000"])
    }
}
