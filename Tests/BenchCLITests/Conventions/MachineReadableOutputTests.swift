import BenchKit
import Foundation
import XCTest

/// A machine-readable format puts only its document on stdout, so `jq` and
/// `json.load` read it as it is; which files were compared goes to stderr.
final class MachineReadableOutputTests: XCTestCase {
    func testCompareAsJSONPrintsOnlyTheDocument() throws {
        let root = try comparedFiles(self)
        let outcome = Bench.run(["compare", "base.json", "new.json", "--format", "json", "--gate"], in: root)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        XCTAssertNotNil(document?["comparison"], outcome.stdout)
        XCTAssertTrue(outcome.stdout.hasPrefix("{"), outcome.stdout)
        XCTAssertTrue(outcome.stderr.contains("baseline: base.json"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("gate: FAILED"), outcome.stderr)
    }

    func testCompareAsMarkdownPrintsOnlyTheDocument() throws {
        let outcome = Bench.run(["compare", "base.json", "new.json", "--format", "markdown"], in: try comparedFiles(self))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertFalse(outcome.stdout.contains("baseline: "), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("| benchmark |"), outcome.stdout)
    }

    func testTextKeepsTheFilesAboveTheReport() throws {
        let outcome = Bench.run(["compare", "base.json", "new.json"], in: try comparedFiles(self))
        XCTAssertTrue(outcome.stdout.hasPrefix("baseline: base.json\nnew:      new.json\n"), outcome.stdout)
    }

    func testARunAgainstItsBaselineAsJSONPrintsOnlyTheComparison() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let first = Bench.run(["--suite", "tiny", "--processes", "1", "--quiet", "--output", "first.json"], in: root)
        XCTAssertEqual(first.status, 0, first.stderr)
        try storeAsBaseline(root + "/first.json", suite: "tiny", in: root)
        let outcome = Bench.run(["--suite", "tiny", "--processes", "1", "--quiet", "--format", "json"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)), outcome.stdout)
        XCTAssertTrue(outcome.stderr.contains("baseline: \(root)/baselines/"), outcome.stderr)
    }
}
