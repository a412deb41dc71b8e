import BenchCompare
import BenchKit
@testable import BenchReport
import Foundation
import XCTest

final class JUnitExportTests: XCTestCase {
    func testOneTestCasePerMetricAndARegressionIsAFailureWithEvidence() throws {
        let pair = try regressedPair()
        let junit = try JUnitReader.read(try ExportInput(result: pair.new, comparison: pair.comparison).render(.junit))
        XCTAssertEqual(junit.cases.count, 4, "kernel time, kernel gflops, tiny time, tiny error")
        XCTAssertEqual(junit.suites.first?["name"], "demo")
        XCTAssertEqual(junit.suites.first?["tests"], "4")
        XCTAssertEqual(junit.suites.first?["failures"], "2")
        XCTAssertEqual(junit.root["failures"], "2")
        let failed = junit.cases.filter { $0.failure != nil }
        XCTAssertEqual(Set(failed.map { "\($0.classname) \($0.name)" }), ["kernel/n=64 time", "kernel/n=64 gflops"])
        let message = try XCTUnwrap(junit.testCase("kernel/n=64", "time")?.failure?["message"])
        XCTAssertTrue(message.hasPrefix("regression: +19.") || message.hasPrefix("regression: +20."), message)
        for evidence in ["p(adj)", "threshold 3.0%", "baseline 2", "5 vs 5 processes", "["] {
            XCTAssertTrue(message.contains(evidence), "\(evidence) in \(message)")
        }
    }

    func testTimeIsTheTypicalTimeOfOneOperationInSecondsAndTheSuiteTimeTheirSum() throws {
        let pair = try regressedPair()
        let junit = try JUnitReader.read(try ExportInput(result: pair.new, comparison: pair.comparison).render(.junit))
        let kernel = try XCTUnwrap(Double(junit.testCase("kernel/n=64", "time")?.time ?? ""))
        XCTAssertEqual(kernel, 2.0e6 * 1.2 * 1e-9, accuracy: 2.4e-3 * 0.02, "2.4 ms per operation")
        XCTAssertEqual(junit.testCase("kernel/n=64", "gflops")?.time, "0", "a rate is not a duration")
        XCTAssertEqual(junit.testCase("tiny <&> \"quoted\"", "error")?.time, "0")
        let tiny = try XCTUnwrap(Double(junit.testCase("tiny <&> \"quoted\"", "time")?.time ?? ""))
        XCTAssertEqual(tiny, 120e-9, accuracy: 3e-9)
        let sum = junit.cases.compactMap { Double($0.time) }.reduce(0, +)
        XCTAssertEqual(try XCTUnwrap(Double(junit.suites.first?["time"] ?? "")), sum, accuracy: 1e-9)
        XCTAssertEqual(junit.root["time"], junit.suites.first?["time"])
        XCTAssertFalse(junit.cases.contains { $0.time.contains("e") }, "plain decimals, no exponent")
    }

    func testAnInconclusiveVerdictIsSkippedWithItsReason() throws {
        var base = resultFile(seed: 1), new = resultFile(seed: 5)
        base.benchmarks[0].metrics["time"]?.samples = [samples(around: 2.0e6, processes: 1)[0]]
        new.benchmarks[0].metrics["time"]?.samples = [samples(around: 2.6e6, processes: 1, seed: 9)[0]]
        let comparison = try compare(baseline: base, new: new)
        XCTAssertEqual(comparison.metrics.first { $0.benchmark == "kernel/n=64" && $0.metric == "time" }?.verdict, .inconclusive)
        let junit = try JUnitReader.read(try ExportInput(result: new, comparison: comparison).render(.junit))
        let skipped = try XCTUnwrap(junit.testCase("kernel/n=64", "time")?.skipped)
        XCTAssertTrue(skipped.hasPrefix("inconclusive: "), skipped)
        XCTAssertTrue(skipped.contains("1 vs 1 processes"), skipped)
        XCTAssertEqual(junit.suites.first?["skipped"], String(junit.cases.filter { $0.skipped != nil }.count))
        XCTAssertEqual(junit.root["skipped"], junit.suites.first?["skipped"])
        XCTAssertNil(junit.testCase("kernel/n=64", "time")?.failure)
    }

    func testWhatOnlyTheBaselineHasIsListedSkippedOrFailedAsTheGateWould() throws {
        var base = resultFile(seed: 1)
        base.benchmarks.append(BenchmarkResult(name: "gone", metrics: base.benchmarks[1].metrics))
        base.benchmarks[0].metrics["dropped"] = MetricResult(unit: "B", better: .lower, value: 1, tolerance: 0)
        let new = resultFile(seed: 2)
        for failOnMissing in [false, true] {
            let comparison = try compare(baseline: base, new: new, options: ComparisonOptions(failOnMissing: failOnMissing))
            let junit = try JUnitReader.read(try ExportInput(result: new, comparison: comparison).render(.junit))
            XCTAssertEqual(junit.cases.count, 6)
            let gone = try XCTUnwrap(junit.testCase("gone", "all metrics"))
            let dropped = try XCTUnwrap(junit.testCase("kernel/n=64", "dropped"))
            for missing in [gone, dropped] {
                let message = failOnMissing ? missing.failure?["message"] : missing.skipped
                XCTAssertTrue(message?.hasPrefix("missing from the new result: ") == true, "\(missing)")
                XCTAssertEqual(missing.failure?["type"], failOnMissing ? "missing" : nil)
            }
            XCTAssertEqual(junit.suites.first?["tests"], "6")
            XCTAssertEqual(junit.suites.first?["failures"], failOnMissing ? "2" : "0")
            XCTAssertEqual(junit.suites.first?["skipped"], failOnMissing ? "0" : "2")
        }
    }

    func testNamesWithMarkupAndControlCharactersSurviveAsWellFormedXML() throws {
        var file = resultFile()
        file.benchmarks[0].name = "bell\u{7}tab\tnul\u{0}end\u{FFFE}"
        file.suite = "suite\u{1B}[31m"
        let junit = try JUnitReader.read(try ExportInput(result: file).render(.junit))
        XCTAssertTrue(junit.cases.contains { $0.classname == "tiny <&> \"quoted\"" })
        XCTAssertTrue(junit.cases.contains { $0.classname == "bell\u{2407}tab\tnul\u{2400}end\u{FFFD}" }, "\(junit.cases.map(\.classname))")
        XCTAssertEqual(junit.suites.first?["name"], "suite\u{241B}[31m")
    }

    func testAResultFileAloneGivesPassingCasesWithTheirValues() throws {
        let junit = try JUnitReader.read(try ExportInput(result: resultFile()).render(.junit))
        XCTAssertEqual(junit.cases.count, 4)
        XCTAssertTrue(junit.cases.allSatisfy { $0.failure == nil && $0.skipped == nil })
        let out = junit.testCase("kernel/n=64", "time")?.out ?? ""
        XCTAssertTrue(out.contains("value 2") && out.contains(" ms"), out)
    }
}
