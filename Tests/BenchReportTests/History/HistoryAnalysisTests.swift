import BenchKit
@testable import BenchReport
import Foundation
import XCTest

final class HistoryAnalysisTests: XCTestCase {
    /// 24 runs, kernel 15% slower from run 16 (index 15) on; written with file names in
    /// reverse time order so only `createdAt` can put them right.
    private func writeHistory(in directory: String, runs: Int = 24, stepAt: Int = 15) throws {
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for run in 0..<runs {
            let created = start.addingTimeInterval(Double(run) * 3600)
            let file = resultFile(createdAt: Timestamps.iso(created), commit: String(format: "commit%02d", run),
                                  scale: run >= stepAt ? 1.15 : 1, seed: UInt64(run) + 100)
            let name = Timestamps.compact(start.addingTimeInterval(Double(runs - run) * 3600))
            try JSONFiles.writeAtomically(file, to: "\(directory)/demo-\(name).json")
        }
    }

    func testOrdersByCreationTimeNotFileName() throws {
        let directory = temporaryDirectory(self)
        try writeHistory(in: directory)
        let history = try ResultHistory.load(suite: "demo", directory: directory)
        XCTAssertEqual(history.entries.map(\.commit), (0..<24).map { String(format: "commit%02d", $0) })
    }

    func testFindsTheStepAtItsCommitWithSizeAndConfidence() throws {
        let directory = temporaryDirectory(self)
        try writeHistory(in: directory)
        let report = try HistoryReport(history: try ResultHistory.load(suite: "demo", directory: directory))
        let time = try XCTUnwrap(report.series.first { $0.benchmark == "kernel/n=64" && $0.metric == "time" })
        XCTAssertEqual(time.changes.count, 1)
        let change = try XCTUnwrap(time.changes.first)
        XCTAssertEqual(change.commit, "commit15")
        XCTAssertEqual(change.change, 0.15, accuracy: 0.01)
        XCTAssertEqual(change.direction, "regression")
        XCTAssertLessThan(change.pValue, 0.001)
        let throughput = try XCTUnwrap(report.series.first { $0.metric == "gflops" })
        XCTAssertEqual(throughput.changes.map(\.direction), ["regression"], "lower GFLOP/s is worse")
        XCTAssertEqual(report.series.first { $0.benchmark.hasPrefix("tiny") && $0.metric == "time" }?.changes, [])

        let text = report.renderText()
        XCTAssertTrue(text.contains("commit15") && text.contains("+15.") && text.contains("regression"), text)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.renderJSON().utf8)) as? [String: Any])
        XCTAssertEqual(json["schema"] as? String, "bench-history/1")
        XCTAssertEqual((json["series"] as? [Any])?.count, 4)
    }

    func testNoResultsIsAClearError() {
        XCTAssertThrowsError(try ResultHistory.load(suite: "none", directory: temporaryDirectory(self))) { error in
            XCTAssertTrue("\(error)".contains("no result files for suite \"none\""), "\(error)")
        }
    }
}
