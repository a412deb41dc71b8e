import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a JUnit report with Foundation's XMLParser the way a CI system does: the root's
/// and suites' attributes, and per test case its identity, time, failure, skip and output.
final class JUnitReader: NSObject, XMLParserDelegate {
    struct Case {
        var classname: String
        var name: String
        var time: String
        var failure: [String: String]?
        var skipped: String?
        var out = ""
    }

    var suites: [[String: String]] = []
    var cases: [Case] = []
    var root: [String: String] = [:]
    private var inOut = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch element {
        case "testsuites": root = attributes
        case "testsuite": suites.append(attributes)
        case "testcase":
            cases.append(Case(classname: attributes["classname"] ?? "", name: attributes["name"] ?? "", time: attributes["time"] ?? ""))
        case "failure": cases[cases.count - 1].failure = attributes
        case "skipped": cases[cases.count - 1].skipped = attributes["message"] ?? ""
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

    func testCase(_ classname: String, _ name: String) -> Case? {
        cases.first { $0.classname == classname && $0.name == name }
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
