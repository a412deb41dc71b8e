import Foundation
import XCTest
@testable import BenchKit

/// Samples of `processes` processes around `center` with a small deterministic pattern
/// (relative steps of `wiggle`), for result files written by CLI tests.
func patternedSamples(center: Double, processes: Int, count: Int, wiggle: Double, phase: Int = 0) -> [[Double]] {
    var groups: [[Double]] = []
    for p in 0..<processes {
        var group: [Double] = []
        for i in 0..<count {
            let step = Double((phase * 5 + p * 3 + i) % 7)
            group.append(center * (1 + wiggle * step))
        }
        groups.append(group)
    }
    return groups
}

/// `bench export` as a user calls it; the formats themselves are validated in
/// Tests/BenchReportTests/Export.
final class ExportTests: XCTestCase {
    private func files(_ test: XCTestCase) throws -> String {
        let root = workspace(test)
        func result(_ center: Double) -> ResultFile {
            let samples = patternedSamples(center: center, processes: 6, count: 8, wiggle: 0.002)
            return ResultFile(suite: "tiny", createdAt: "2026-11-22T08:00:00Z", environment: nil, benchmarks: [
                BenchmarkResult(name: "b", metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: samples)])])
        }
        try JSONFiles.writeAtomically(result(100), to: root + "/base.json")
        try JSONFiles.writeAtomically(result(130), to: root + "/new.json")
        return root
    }

    func testEveryFormatFromOneOrTwoFiles() throws {
        let root = try files(self)
        for format in ["junit", "github-benchmark", "github-benchmark-bigger", "google-benchmark", "openmetrics"] {
            for inputs in [["new.json"], ["base.json", "new.json"]] {
                let outcome = try BenchBinary.run(["export", "--format", format] + inputs, in: root)
                XCTAssertEqual(outcome.status, 0, "\(format) \(inputs): \(outcome.stderr)")
                XCTAssertFalse(outcome.stdout.isEmpty)
            }
        }
        let junit = try BenchBinary.run(["export", "--format", "junit", "base.json", "new.json", "--output", "out/junit.xml"], in: root)
        XCTAssertEqual(junit.status, 0)
        XCTAssertTrue(try String(contentsOfFile: root + "/out/junit.xml", encoding: .utf8).contains("failures=\"1\""))
    }

    func testBadUsageIsOneLineAndExitTwo() throws {
        let root = try files(self)
        let cases: [([String], String)] = [
            (["export", "new.json"], "which format?"),
            (["export", "--format", "csv", "new.json"], "--format must be one of junit"),
            (["export", "--format", "junit"], "expected RESULT.json or BASE.json NEW.json, got 0"),
            (["export", "--format", "junit", "missing.json"], "missing.json: no such file"),
        ]
        for (arguments, expected) in cases {
            let outcome = try BenchBinary.run(arguments, in: root)
            XCTAssertEqual(outcome.status, 2, "\(arguments)")
            XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains(expected), "\(arguments): \(outcome.stderr)")
        }
    }

    func testHelpOfTheNewCommands() throws {
        let root = workspace(self)
        for command in ["ci", "export", "report", "history"] {
            let outcome = try BenchBinary.run([command, "--help"], in: root)
            XCTAssertEqual(outcome.status, 0, command)
            XCTAssertTrue(outcome.stdout.hasPrefix("usage: bench \(command)"), outcome.stdout)
        }
        let top = try BenchBinary.run(["--help"], in: root)
        for command in ["ci", "export", "report", "history"] { XCTAssertTrue(top.stdout.contains("  \(command) "), command) }
    }
}
