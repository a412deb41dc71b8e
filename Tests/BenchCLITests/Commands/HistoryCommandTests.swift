import Foundation
import XCTest
@testable import BenchKit

final class HistoryCommandTests: XCTestCase {
    /// 16 runs of one benchmark, 20% slower from the 11th run (commit c10) on.
    private func history(_ test: XCTestCase) throws -> String {
        let root = workspace(test)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for run in 0..<16 {
            let level = run >= 10 ? 120.0 : 100.0
            let samples = patternedSamples(center: level, processes: 3, count: 5, wiggle: 0.003, phase: run)
            var environment = EnvironmentInfo()
            environment.commit = "c\(run)"
            let date = start.addingTimeInterval(Double(run) * 600)
            try JSONFiles.writeAtomically(ResultFile(suite: "tiny", createdAt: Timestamps.iso(date), environment: environment, benchmarks: [
                BenchmarkResult(name: "b", metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: samples)])]),
                to: root + "/results/tiny-\(Timestamps.compact(date)).json")
        }
        return root
    }

    func testListsTheChangePointWithCommitSizeAndPValue() throws {
        let root = try history(self)
        let text = Bench.run(["history", "--suite", "tiny"], in: root)
        XCTAssertEqual(text.status, 0, text.stderr)
        let line = try XCTUnwrap(text.stdout.split(separator: "\n").first { $0.hasPrefix("b ") }, text.stdout)
        let size = line.split(separator: " ").first { $0.hasPrefix("+") && $0.hasSuffix("%") }.flatMap { Double($0.dropFirst().dropLast()) }
        XCTAssertTrue(line.contains(" c10 ") && line.contains("regression"), String(line))
        XCTAssertEqual(try XCTUnwrap(size, String(line)), 20, accuracy: 0.5, "the 20% step, from the runs' centres")
        let json = Bench.run(["history", "--suite", "tiny", "--format", "json"], in: root)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let series = try XCTUnwrap((document["series"] as? [[String: Any]])?.first)
        let change = try XCTUnwrap((series["changes"] as? [[String: Any]])?.first)
        XCTAssertEqual(change["commit"] as? String, "c10")
        XCTAssertLessThan(try XCTUnwrap(change["pValue"] as? Double), 0.001)
    }

    func testMagnitudeFilterAndErrors() throws {
        let root = try history(self)
        let filtered = Bench.run(["history", "--suite", "tiny", "--magnitude", "0.5"], in: root)
        XCTAssertTrue(filtered.stdout.contains("no change points in 1 metric series"), filtered.stdout)
        let none = Bench.run(["history", "--suite", "other"], in: root)
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("no result files for suite \"other\""), none.stderr)
        let bad = Bench.run(["history", "--suite", "tiny", "--p-value", "2"], in: root)
        XCTAssertEqual(bad.status, 2)
    }
}
