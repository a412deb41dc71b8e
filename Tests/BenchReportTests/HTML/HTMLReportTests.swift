import BenchKit
@testable import BenchReport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

final class HTMLReportTests: XCTestCase {
    private func report(withHistory: Bool = false) throws -> String {
        let pair = try regressedPair()
        var history: ResultHistory?
        if withHistory {
            let entries = (0..<8).map { run in
                HistoryEntry(path: "r\(run).json", createdAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(run) * 60),
                             commit: "c\(run)", file: resultFile(scale: run < 4 ? 1 : 100, seed: UInt64(run)))
            }
            history = ResultHistory(suite: "demo", entries: entries)
        }
        return HTMLReport(baseline: pair.base, baselineLabel: "base.json", new: pair.new, newLabel: "new.json",
                          comparison: pair.comparison, history: history,
                          historyReport: try history.map { try HistoryReport(history: $0) }).render()
    }

    func testIsSelfContained() throws {
        let html = try report(withHistory: true)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.lowercased().contains("<script"), "no JavaScript")
        let external = try NSRegularExpression(pattern: "(src|href)\\s*=|url\\(|@import")
        XCTAssertNil(external.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)), "nothing loaded from elsewhere")
        let addresses = html.components(separatedBy: "http").dropFirst()
        XCTAssertTrue(addresses.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg") }, "the only URL is the SVG namespace")
    }

    func testEverySVGIsWellFormedXML() throws {
        let html = try report(withHistory: true)
        let svgs = html.components(separatedBy: "<svg").dropFirst().map { "<svg" + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
        XCTAssertEqual(svgs.count, 1 + 3 * 3 + 4, "forest plot; per sampled metric boxes, violin, bootstrap; 4 history charts")
        for svg in svgs {
            let parser = XMLParser(data: Data(svg.utf8))
            XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")\n\(svg.prefix(300))")
        }
    }

    func testShowsVerdictsEvidenceUnitsAndLogScaleForWideHistory() throws {
        let html = try report(withHistory: true)
        XCTAssertTrue(html.contains("regression"))
        XCTAssertTrue(html.contains("95% interval"))
        XCTAssertTrue(html.contains("time (ms)"), "axis titles carry the scaled unit")
        XCTAssertTrue(html.contains("log scale"), "a 100× step in history gets a log axis")
        XCTAssertTrue(html.contains("tiny &lt;&amp;&gt; &quot;quoted&quot;"), "names are escaped")
        XCTAssertTrue(html.contains("History of suite demo (8 runs)"))
    }

    func testWithoutHistoryHasNoHistorySection() throws {
        XCTAssertFalse(try report().contains("id=\"history\""))
    }
}
