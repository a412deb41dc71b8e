import Foundation
import XCTest
@testable import BenchKit

/// `bench export` as a user calls it; the formats themselves are validated in
/// Tests/BenchReportTests/Export.
final class ExportCommandTests: XCTestCase {
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
                let outcome = Bench.run(["export", "--format", format] + inputs, in: root)
                XCTAssertEqual(outcome.status, 0, "\(format) \(inputs): \(outcome.stderr)")
                XCTAssertFalse(outcome.stdout.isEmpty)
            }
        }
        let junit = Bench.run(["export", "--format", "junit", "base.json", "new.json", "--output", "out/junit.xml"], in: root)
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
            let outcome = Bench.run(arguments, in: root)
            XCTAssertEqual(outcome.status, 2, "\(arguments)")
            XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains(expected), "\(arguments): \(outcome.stderr)")
        }
    }
}
