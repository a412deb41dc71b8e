import BenchKit
@testable import BenchReport
import Foundation
import XCTest

/// The schema github-action-benchmark checks for its `custom*` tools: an array of objects
/// with string `name`, string `unit`, number `value`, optional string `range` and `extra`.
final class GitHubBenchmarkExportTests: XCTestCase {
    private func validate(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], file: file, line: line)
        for entry in array {
            XCTAssertTrue(entry["name"] is String && entry["unit"] is String, "\(entry)", file: file, line: line)
            XCTAssertTrue(entry["value"] is NSNumber, "\(entry)", file: file, line: line)
            XCTAssertTrue(Set(entry.keys).isSubset(of: ["name", "unit", "value", "range", "extra"]), "\(entry.keys)", file: file, line: line)
            if let range = entry["range"] { XCTAssertTrue(range is String, file: file, line: line) }
            if let extra = entry["extra"] { XCTAssertTrue(extra is String, file: file, line: line) }
        }
        return array
    }

    func testSmallerIsBetterHoldsTheLowerIsBetterMetrics() throws {
        let entries = try validate(try ExportInput(result: resultFile()).render(.githubBenchmark))
        XCTAssertEqual(entries.map { $0["name"] as? String }, ["kernel/n=64 time", "tiny <&> \"quoted\" error", "tiny <&> \"quoted\" time"])
        let kernel = try XCTUnwrap(entries.first)
        XCTAssertEqual(kernel["unit"] as? String, "ns")
        XCTAssertEqual(try XCTUnwrap(kernel["value"] as? Double), 2.0e6, accuracy: 2.0e4)
        XCTAssertTrue((kernel["extra"] as? String)?.hasPrefix("5 processes, 50 samples") == true)
    }

    func testBiggerIsBetterHoldsTheOthersAndCarriesTheVerdict() throws {
        let pair = try regressedPair()
        let entries = try validate(try ExportInput(result: pair.new, comparison: pair.comparison).render(.githubBenchmarkBigger))
        XCTAssertEqual(entries.map { $0["name"] as? String }, ["kernel/n=64 gflops"])
        XCTAssertTrue((entries[0]["extra"] as? String)?.contains("regression: -1") == true, "\(entries[0])")
    }
}
