import Foundation
import XCTest
@testable import BenchKit

/// `bench export` as a user calls it; the formats themselves are validated in
/// Tests/BenchReportTests/Export.
final class ExportCommandTests: XCTestCase {
    func testEveryFormatFromOneOrTwoFiles() throws {
        let root = try comparedFiles(self)
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
        let root = try comparedFiles(self)
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
