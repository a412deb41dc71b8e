import BenchKit
import Foundation
import XCTest

/// A machine-readable format puts only its document on stdout, so `jq` and
/// `json.load` read it as it is; which files were compared goes to stderr.
final class MachineReadableOutputTests: XCTestCase {
    private func files() throws -> String {
        let root = workspace(self)
        func result(_ center: Double) -> ResultFile {
            let samples = patternedSamples(center: center, processes: 6, count: 8, wiggle: 0.002)
            return ResultFile(suite: "tiny", createdAt: nil, environment: nil, benchmarks: [
                BenchmarkResult(name: "b", metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: samples)])])
        }
        try JSONFiles.writeAtomically(result(100), to: root + "/base.json")
        try JSONFiles.writeAtomically(result(130), to: root + "/new.json")
        return root
    }

    func testCompareAsJSONPrintsOnlyTheDocument() throws {
        let root = try files()
        let outcome = Bench.run(["compare", "base.json", "new.json", "--format", "json", "--gate"], in: root)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        XCTAssertNotNil(document?["comparison"], outcome.stdout)
        XCTAssertTrue(outcome.stdout.hasPrefix("{"), outcome.stdout)
        XCTAssertTrue(outcome.stderr.contains("baseline: base.json"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("gate: FAILED"), outcome.stderr)
    }

    func testCompareAsMarkdownPrintsOnlyTheDocument() throws {
        let outcome = Bench.run(["compare", "base.json", "new.json", "--format", "markdown"], in: try files())
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertFalse(outcome.stdout.contains("baseline: "), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("| benchmark |"), outcome.stdout)
    }

    func testTextKeepsTheFilesAboveTheReport() throws {
        let outcome = Bench.run(["compare", "base.json", "new.json"], in: try files())
        XCTAssertTrue(outcome.stdout.hasPrefix("baseline: base.json\nnew:      new.json\n"), outcome.stdout)
    }

    func testARunAgainstItsBaselineAsJSONPrintsOnlyTheComparison() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let first = Bench.run(["--suite", "tiny", "--processes", "1", "--quiet", "--output", "first.json"], in: root)
        XCTAssertEqual(first.status, 0, first.stderr)
        let result = try JSONFiles.readResultFile(root + "/first.json")
        try BaselineStore(directory: root + "/baselines").update(suite: "tiny", machine: try XCTUnwrap(result.environment?.machine), with: result)
        let outcome = Bench.run(["--suite", "tiny", "--processes", "1", "--quiet", "--format", "json"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)), outcome.stdout)
        XCTAssertTrue(outcome.stderr.contains("baseline: \(root)/baselines/"), outcome.stderr)
    }
}
