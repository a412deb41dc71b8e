import BenchCompare
import BenchKit
import XCTest

/// How two files of one lockstep run are compared: pair by pair, with the evidence shown.
final class LockstepComparisonTests: XCTestCase {
    private func files(factor: Double, pairs: Int = 6, baseSession: String = "s", headSession: String = "s")
        -> (ResultFile, ResultFile) {
        let baseSamples: [[Double]] = (0..<pairs).map { (p: Int) -> [Double] in
            let pairLevel: Double = 1000 * (1 + 0.02 * Double(p))
            return (0..<8).map { (i: Int) -> Double in pairLevel * (1 + 0.001 * Double(i % 3)) }
        }
        let headSamples = baseSamples.map { $0.map { $0 * factor } }
        var base = Fixture.file([BenchmarkResult(name: "b", metrics: ["time": Fixture.time(baseSamples)])])
        var head = Fixture.file([BenchmarkResult(name: "b", metrics: ["time": Fixture.time(headSamples)])])
        base.design = MeasurementDesign(kind: .lockstep, session: baseSession, role: "base")
        head.design = MeasurementDesign(kind: .lockstep, session: headSession, role: "head", note: "pinning refused (test)")
        return (base, head)
    }

    func testPairsFromOneRunAreComparedPairByPair() throws {
        let (base, head) = files(factor: 1.05)
        let comparison = try compare(baseline: base, new: head)
        XCTAssertEqual(comparison.design, .lockstep)
        XCTAssertEqual(comparison.designNote, "pinning refused (test)")
        let metric = try XCTUnwrap(comparison.metrics.first)
        XCTAssertEqual(metric.test, .lockstepPairs)
        XCTAssertEqual(metric.change, 0.05, accuracy: 1e-9, "pairs 2% apart do not blur a change seen inside each pair")
        XCTAssertEqual(metric.verdict, .regression)
        XCTAssertEqual(metric.baseline.processes, 6)
    }

    func testFilesOfDifferentRunsAreComparedAsSeparateRuns() throws {
        let (base, head) = files(factor: 1.05, baseSession: "one", headSession: "two")
        let comparison = try compare(baseline: base, new: head)
        XCTAssertNil(comparison.design)
        XCTAssertNotEqual(comparison.metrics.first?.test, .lockstepPairs)
    }

    func testUnequalPairCountsAreRefused() throws {
        var (base, head) = files(factor: 1.0)
        head.benchmarks[0].metrics["time"]?.samples?.removeLast()
        XCTAssertThrowsError(try compare(baseline: base, new: head)) { error in
            XCTAssertTrue("\(error)".contains("lockstep files hold 6 and 5 pairs"), "\(error)")
        }
    }

    func testEvidenceIsInTheTextAndJSONReports() throws {
        let (base, head) = files(factor: 1.05)
        let comparison = try compare(baseline: base, new: head)
        XCTAssertTrue(try comparison.renderJSON().contains("\"design\" : \"lockstep\""))
        XCTAssertTrue(comparison.renderText(colour: false).contains("lockstep"), comparison.renderText(colour: false))
    }
}
