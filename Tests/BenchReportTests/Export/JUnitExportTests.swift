import BenchCompare
import BenchKit
@testable import BenchReport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Collects the JUnit elements a CI system reads.
private final class JUnitReader: NSObject, XMLParserDelegate {
    struct Case { var classname: String; var name: String; var failure: String?; var out = "" }
    var suites: [[String: String]] = []
    var cases: [Case] = []
    var root: [String: String] = [:]
    private var inOut = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch element {
        case "testsuites": root = attributes
        case "testsuite": suites.append(attributes)
        case "testcase": cases.append(Case(classname: attributes["classname"] ?? "", name: attributes["name"] ?? ""))
        case "failure": cases[cases.count - 1].failure = attributes["message"]
        case "system-out": inOut = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "system-out" { inOut = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inOut { cases[cases.count - 1].out += string }
    }

    static func read(_ text: String) throws -> JUnitReader {
        let reader = JUnitReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = reader
        guard parser.parse() else {
            throw NSError(domain: "JUnit", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(parser.parserError.map { "\($0)" } ?? "?")"])
        }
        return reader
    }
}

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
        let message = try XCTUnwrap(failed.first { $0.name == "time" }?.failure)
        XCTAssertTrue(message.hasPrefix("regression: +19.") || message.hasPrefix("regression: +20."), message)
        for evidence in ["p(adj)", "threshold 3.0%", "baseline 2", "5 vs 5 processes", "["] {
            XCTAssertTrue(message.contains(evidence), "\(evidence) in \(message)")
        }
    }

    func testNamesWithMarkupCharactersSurviveTheRoundTrip() throws {
        let pair = try regressedPair()
        let junit = try JUnitReader.read(try ExportInput(result: pair.new, comparison: pair.comparison).render(.junit))
        XCTAssertTrue(junit.cases.contains { $0.classname == "tiny <&> \"quoted\"" })
    }

    func testAResultFileAloneGivesPassingCasesWithTheirValues() throws {
        let junit = try JUnitReader.read(try ExportInput(result: resultFile()).render(.junit))
        XCTAssertEqual(junit.cases.count, 4)
        XCTAssertTrue(junit.cases.allSatisfy { $0.failure == nil })
        let out = junit.cases.first { $0.classname == "kernel/n=64" && $0.name == "time" }?.out ?? ""
        XCTAssertTrue(out.contains("value 2") && out.contains(" ms"), out)
    }
}
