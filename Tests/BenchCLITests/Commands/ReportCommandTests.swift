import Foundation
import XCTest
@testable import BenchKit

final class ReportCommandTests: XCTestCase {
    func testWritesOneSelfContainedHTMLFile() throws {
        let root = workspace(self)
        func result(_ center: Double, _ date: String) -> ResultFile {
            let samples = patternedSamples(center: center, processes: 4, count: 6, wiggle: 0.002)
            return ResultFile(suite: "tiny", createdAt: date, environment: nil, benchmarks: [
                BenchmarkResult(name: "b", metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: samples)])])
        }
        try JSONFiles.writeAtomically(result(1000, "2026-11-22T08:00:00Z"), to: root + "/results/tiny-20261122T080000Z.json")
        try JSONFiles.writeAtomically(result(1100, "2026-11-22T09:00:00Z"), to: root + "/results/tiny-20261122T090000Z.json")
        let outcome = Bench.run(["report", "results/tiny-20261122T080000Z.json", "results/tiny-20261122T090000Z.json",
                                 "--history-suite", "tiny", "-o", "out/report.html"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let html = try String(contentsOfFile: root + "/out/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<svg") && html.contains("History of suite tiny (2 runs)") && html.contains("+10.0%"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/out"), ["report.html"])
    }

    func testMissingOutputOrFilesIsExitTwo() throws {
        let root = workspace(self)
        let noOutput = Bench.run(["report", "a.json", "b.json"], in: root)
        XCTAssertEqual(noOutput.status, 2)
        XCTAssertTrue(noOutput.stderr.contains("pass -o report.html"), noOutput.stderr)
        let oneFile = Bench.run(["report", "a.json", "-o", "r.html"], in: root)
        XCTAssertEqual(oneFile.status, 2)
        let missing = Bench.run(["report", "a.json", "b.json", "-o", "r.html"], in: root)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("a.json: no such file"), missing.stderr)
    }
}
