import BenchCompare
import BenchKit
import Foundation
import XCTest

final class ReportTests: XCTestCase {
    func comparison() throws -> Comparison {
        var (base, new) = Fixture.pair(factor: 1.2)
        base.benchmarks.append(BenchmarkResult(name: "gone", metrics: ["time": Fixture.time([[1]])]))
        new.environment?.build = "debug"
        return try compare(baseline: base, new: new)
    }

    func testTextIsAlignedWithEvidenceWarningsAndSummary() throws {
        let text = try comparison().renderText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("WARNING: environments differ: build: release vs debug"), text)
        let header = try XCTUnwrap(lines.first { $0.hasPrefix("benchmark") })
        let row = try XCTUnwrap(lines.first { $0.hasPrefix("b ") })
        for column in ["baseline", "new", "change", "95% CI", "p (adj)", "threshold", "verdict"] {
            XCTAssertTrue(header.contains(column), column)
        }
        // Right-aligned columns end at the same offset in header and row.
        XCTAssertEqual(header.range(of: "threshold")!.upperBound.utf16Offset(in: header),
                       row.range(of: "3.0%")!.upperBound.utf16Offset(in: row))
        XCTAssertTrue(row.contains("+20."), row)
        XCTAssertTrue(row.hasSuffix("regression"), row)
        XCTAssertTrue(text.contains("Only in the baseline (not compared):\n  gone"))
        XCTAssertTrue(lines.contains("1 regression, 0 improvements, 0 unchanged, 0 inconclusive, 1 only in baseline, 0 only in new (alpha 0.01 holm over 1 tested metric); ENVIRONMENTS DIFFER"), text)
        XCTAssertFalse(text.contains("\u{1B}["))
    }

    func testColourOnlyWhenAsked() throws {
        let coloured = try comparison().renderText(colour: true)
        XCTAssertTrue(coloured.contains("\u{1B}[31;1mregression\u{1B}[0m"))
        XCTAssertFalse(try comparison().render(.markdown).contains("\u{1B}["))
    }

    func testMarkdownTable() throws {
        let markdown = try comparison().renderMarkdown()
        XCTAssertTrue(markdown.contains("| benchmark | metric | baseline | new | change | 95% CI | p (adj) | threshold | verdict |"))
        XCTAssertTrue(markdown.contains("> **Warning:** environments differ"))
        XCTAssertTrue(markdown.contains("| b | time | "))
    }

    func testJSONRoundTripsAndCarriesTheSummaryLine() throws {
        let original = try comparison()
        let json = try original.renderJSON()
        struct Document: Decodable { let comparison: Comparison; let summaryLine: String }
        let decoded = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        XCTAssertEqual(decoded.comparison, original)
        XCTAssertEqual(decoded.summaryLine, original.summaryLine)
        XCTAssertTrue(json.contains("\"schema\" : \"bench-comparison/1\""))
    }

    func testNamesFromFilesCannotForgeLinesOrColours() throws {
        // A name with a newline and ANSI codes printed raw and could forge an "all passed" line.
        var (base, new) = Fixture.pair(factor: 1.2)
        let forged = "0 regressions, all passed"
        let hostile = "b\n\u{1B}[32m\(forged)\u{1B}[0m"
        base.benchmarks[0].name = hostile
        new.benchmarks[0].name = hostile
        base.benchmarks.append(BenchmarkResult(name: "gone\r\u{1B}[2K\(forged)", metrics: ["time": Fixture.time([[1]])]))
        let comparison = try compare(baseline: base, new: new)
        for text in [comparison.renderText(), comparison.renderMarkdown()] {
            XCTAssertFalse(text.contains("\u{1B}") || text.contains("\r"), text)
            for line in text.split(separator: "\n") where line.contains(forged) {
                XCTAssertTrue(line.contains("b\\n\\u{1B}[32m") || line.contains("gone\\r"), "forged line: \(line)")
            }
        }
        XCTAssertTrue(comparison.renderText(colour: true).contains("\u{1B}[31;1mregression\u{1B}[0m"), "the report's own colour stays")
    }
}
