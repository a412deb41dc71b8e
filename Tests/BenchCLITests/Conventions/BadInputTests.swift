import Foundation
import XCTest

/// Every user mistake ends with exit code 2 and one clear line on stderr: no crash,
/// no stack trace, no partial file.
final class BadInputTests: XCTestCase {
    private func assertRejected(_ arguments: [String], in directory: String, mentions expected: [String],
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = Bench.run(arguments, in: directory)
        XCTAssertEqual(outcome.status, 2, "exit code for \(arguments): \(outcome.stderr)", file: file, line: line)
        XCTAssertEqual(outcome.stderrLines.count, 1, "one line for \(arguments): \(outcome.stderr)", file: file, line: line)
        XCTAssertTrue(outcome.stderr.hasPrefix("error: "), outcome.stderr, file: file, line: line)
        for text in expected {
            XCTAssertTrue(outcome.stderr.contains(text), "'\(text)' missing from: \(outcome.stderr)", file: file, line: line)
        }
        XCTAssertFalse(outcome.stderr.contains("Fatal error"), file: file, line: line)
    }

    func testUsageMistakes() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        try assertRejected(["frobnicate"], in: root, mentions: ["unknown command"])
        try assertRejected(["lst"], in: root, mentions: ["did you mean `bench list`"])
        try assertRejected(["--suite", "tiny", "--proceses", "2"], in: root, mentions: ["--proceses", "did you mean --processes"])
        try assertRejected(["--suite"], in: root, mentions: ["--suite needs a value"])
        try assertRejected(["--suite", "tiny", "--processes", "0"], in: root, mentions: ["--processes"])
        try assertRejected(["--suite", "tiny", "--time-budget", "fast"], in: root, mentions: ["--time-budget"])
        try assertRejected(["--suite", "tiny", "--format", "xml"], in: root, mentions: ["--format", "text, json, markdown"])
        try assertRejected(["--suite", "tiny", "--filter", "("], in: root, mentions: ["not a valid regular expression"])
        try assertRejected(["--suite", "tiny", "--filter", "nothing-matches"], in: root, mentions: ["no benchmark matches"])
        try assertRejected(["run"], in: root, mentions: ["pass --suite", "tiny"])
        try assertRejected(["compare", "only-one.json"], in: root, mentions: ["expected two result files"])
        try assertRejected(["baseline", "update"], in: root, mentions: ["which suite"])
    }

    func testBadSuites() throws {
        let root = workspace(self, suites: [
            "empty": "", "truncated": #"{"benchmarks":[{"benchmark":"harn"#, "notjson": "benchmarks: [empty]",
            "unknownbench": #"{"benchmarks":[{"benchmark":"matmul/imaginary"}]}"#,
            "unknownparam": #"{"benchmarks":[{"benchmark":"harness/sum","parameters":{"size":[1]}}]}"#,
            "badtype": #"{"benchmarks":[{"benchmark":"harness/sum","parameters":{"count":"many"}}]}"#,
            "badvalue": #"{"timeBudget":0.01,"processes":1,"benchmarks":[{"benchmark":"harness/sum","parameters":{"count":0}}]}"#,
        ])
        try assertRejected(["--suite", "nosuch"], in: root, mentions: ["unknown suite \"nosuch\"", "available:"])
        try assertRejected(["--suite", "empty"], in: root, mentions: ["empty.json", "empty"])
        try assertRejected(["--suite", "truncated"], in: root, mentions: ["truncated.json", "not valid JSON"])
        try assertRejected(["--suite", "notjson"], in: root, mentions: ["notjson.json", "not valid JSON"])
        try assertRejected(["--suite", "unknownbench"], in: root, mentions: ["unknownbench.json", "matmul/imaginary"])
        try assertRejected(["--suite", "unknownparam"], in: root, mentions: ["\"size\"", "accepts: count"])
        try assertRejected(["--suite", "badtype"], in: root, mentions: ["\"count\" must be int"])
        try assertRejected(["--suite", "badvalue"], in: root, mentions: ["harness/sum", "count"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/results/"), "nothing written for a bad suite")
    }

    func testBadResultFilesForCompare() throws {
        let root = workspace(self)
        let valid = #"{"schema":"bench-result/1","benchmarks":[{"name":"a","metrics":{"time":{"unit":"ns","better":"lower","samples":[[1,2,3]]}}}]}"#
        let files = ["valid": valid, "empty": "", "truncated": String(valid.prefix(40)), "text": "hello",
                     "schema": #"{"schema":"other/9","benchmarks":[]}"#, "shape": #"{"schema":"bench-result/1","benchmarks":[{"name":"a"}]}"#]
        for (name, text) in files {
            _ = FileManager.default.createFile(atPath: "\(root)/\(name).json", contents: Data(text.utf8))
        }
        try assertRejected(["compare", "valid.json", "missing.json"], in: root, mentions: ["missing.json", "no such file"])
        try assertRejected(["compare", "empty.json", "valid.json"], in: root, mentions: ["empty.json", "empty"])
        try assertRejected(["compare", "valid.json", "truncated.json"], in: root, mentions: ["truncated.json", "not valid JSON"])
        try assertRejected(["compare", "valid.json", "text.json"], in: root, mentions: ["text.json", "not valid JSON"])
        try assertRejected(["compare", "valid.json", "schema.json"], in: root, mentions: ["schema.json", "other/9", "bench-result/1"])
        try assertRejected(["compare", "valid.json", "shape.json"], in: root, mentions: ["shape.json", "benchmarks[0]", "metrics"])
        try assertRejected(["compare", "valid.json", "."], in: root, mentions: ["directory"])
    }

    func testUnwritableResultsFolderFailsBeforeMeasuring() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        _ = FileManager.default.createFile(atPath: root + "/results", contents: Data("not a folder".utf8))
        let started = Date()
        try assertRejected(["--suite", "tiny"], in: root, mentions: ["results", "not a directory"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        try assertRejected(["--suite", "tiny", "--output", root + "/results/x.json"], in: root, mentions: ["cannot write"])
    }

    func testBaselineUpdateRefusesDebugResultsAndMissingResults() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        try assertRejected(["baseline", "update", "--suite", "tiny"], in: root, mentions: ["no result files", "bench --suite tiny"])
        let run = Bench.run(["--suite", "tiny", "--processes", "1", "--quiet"], in: root)
        XCTAssertEqual(run.status, 0, run.stderr)
        try assertRejected(["baseline", "update", "--suite", "tiny"], in: root, mentions: ["debug build", "-c release"])
    }
}
