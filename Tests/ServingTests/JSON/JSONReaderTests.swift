import BenchStats
import XCTest
@testable import Serving

final class JSONReaderTests: XCTestCase {
    private func fails(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try JSONReader.parse(text), text, file: file, line: line)
    }

    func testParsesAllValueKindsAndKeepsMemberOrder() throws {
        let v = try JSONReader.parse(#" {"a": [1, -2.5, true, false, null, "x"], "b": {}, "c": [] , "a2": 0} "#)
        XCTAssertEqual(v["a"], .array([.integer(1), .number(-2.5), .bool(true), .bool(false), .null, .string("x")]))
        XCTAssertEqual(v["b"], .object([]))
        XCTAssertEqual(v["c"], .array([]))
        guard case .object(let members) = v else { return XCTFail("not an object") }
        XCTAssertEqual(members.map(\.key), ["a", "b", "c", "a2"])
    }

    func testNumbersAreExactOrCorrectlyRounded() throws {
        XCTAssertEqual(try JSONReader.parse("9007199254740993"), .integer(9_007_199_254_740_993))
        XCTAssertEqual(try JSONReader.parse("-0"), .integer(0))
        XCTAssertEqual(try JSONReader.parse("0.1"), .number(0.1))
        XCTAssertEqual(try JSONReader.parse("1e2"), .number(100))
        XCTAssertEqual(try JSONReader.parse("2.5E-3"), .number(0.0025))
        XCTAssertEqual(try JSONReader.parse("123456789012345678901234567890"), .number(1.2345678901234568e29))
        XCTAssertEqual(try JSONReader.parse("1.7976931348623157e308"), .number(.greatestFiniteMagnitude))
        XCTAssertEqual(try JSONReader.parse("4.9e-324"), .number(.leastNonzeroMagnitude))
        XCTAssertEqual(try JSONReader.parse("-9223372036854775808"), .integer(.min))
        XCTAssertEqual(try JSONReader.parse("9223372036854775808"), .number(9.223372036854775808e18))
        XCTAssertEqual(try JSONReader.parse("1e-400"), .number(0))
        // Random doubles survive a round trip through their shortest representation.
        var rng = SplitMix64(seed: 3)
        for _ in 0..<2000 {
            let d = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            XCTAssertEqual(try JSONReader.parse("\(d)").doubleValue, d)
        }
    }

    func testRejectsMalformedNumbers() {
        for bad in ["01", "-", "1.", ".5", "1e", "1e+", "+1", "NaN", "Infinity", "-Infinity", "0x10", "1e400", "-1e999"] { fails(bad) }
    }

    func testStringsWithEscapesAndUnicode() throws {
        XCTAssertEqual(try JSONReader.parse(#""a\"b\\c\/d\b\f\n\r\t""#), .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        XCTAssertEqual(try JSONReader.parse(#""\u00e9\u4e2d\ud83d\ude00""#), .string("é中😀"))
        XCTAssertEqual(try JSONReader.parse("\"é中😀\""), .string("é中😀"))
        for bad in [#""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\x""#, #""\u12""#, #""\u12G4""#, "\"a\nb\"", "\"abc", "\"\\"] {
            fails(bad)
        }
        XCTAssertThrowsError(try JSONReader.parse([0x22, 0xC3, 0x28, 0x22]), "invalid UTF-8")
        XCTAssertThrowsError(try JSONReader.parse([0x22, 0xFF, 0x22]), "invalid UTF-8")
    }

    func testRejectsStructuralErrors() {
        for bad in ["", " ", "{", "}", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "{\"a\":1}x", "tru", "nul", "[1]]", "'a'"] {
            fails(bad)
        }
    }

    func testNestingIsBoundedWithoutCrashing() throws {
        let ok = String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth)
        XCTAssertNoThrow(try JSONReader.parse(ok))
        fails(String(repeating: "[", count: JSONReader.maxDepth + 1) + String(repeating: "]", count: JSONReader.maxDepth + 1))
        fails(String(repeating: "[", count: 200_000))
        fails(String(repeating: "{\"a\":", count: 100_000))
    }

    func testDocumentWithMoreValuesThanTheCapIsRefusedNamingTheCap() throws {
        let atCap = "[" + String(repeating: "0,", count: JSONReader.maxValues - 2) + "0]"
        XCTAssertEqual(try JSONReader.parse(atCap).arrayValue?.count, JSONReader.maxValues - 1)
        let overCap = "[" + String(repeating: "0,", count: JSONReader.maxValues) + "0]"
        XCTAssertThrowsError(try JSONReader.parse(overCap)) { error in
            XCTAssertTrue("\(error)".contains("more than \(JSONReader.maxValues) values"), "\(error)")
        }
    }

    /// Heap bytes a parsed value holds: array storage (a 32-byte header plus capacity) and
    /// strings too long to be stored inline.
    private func heldBytes(_ value: JSONValue) -> Int {
        func storage<T>(_ array: [T]) -> Int { array.capacity == 0 ? 0 : 32 + array.capacity * MemoryLayout<T>.stride }
        func text(_ s: String) -> Int { s.utf8.count > 15 ? 32 + s.utf8.count : 0 }
        switch value {
        case .array(let elements): return storage(elements) + elements.reduce(0) { $0 + heldBytes($1) }
        case .object(let members): return storage(members) + members.reduce(0) { $0 + text($1.key) + heldBytes($1.value) }
        case .string(let s): return text(s)
        default: return 0
        }
    }

    func testParsedDocumentsHoldAtMost32BytesPerInputByte() throws {
        for element in ["[]", "[0]", "{}", "{\"\":0}", "0", "\"a long string of some length\""] {
            let input = Array(("[" + Array(repeating: element, count: 100_000).joined(separator: ",") + "]").utf8)
            let value = try JSONReader.parse(input)
            XCTAssertEqual(value.arrayValue?.count, 100_000)
            XCTAssertLessThan(heldBytes(value), 32 * input.count, "\(element): \(heldBytes(value)) bytes held for \(input.count) bytes of input")
        }
    }

    func testWriterOutputParsesBackToTheSameValue() throws {
        let value = JSONValue.object([
            JSONMember("s", .string("q\"\\\n\u{1}é😀")), JSONMember("n", .number(-1.5e-7)), JSONMember("i", .integer(Int64.min)),
            JSONMember("a", .array([.bool(true), .null, .object([])])),
        ])
        XCTAssertEqual(try JSONReader.parse(JSONWriter.encode(value)), value)
        var w = JSONWriter()
        w.number(Float.nan)
        XCTAssertEqual(w.bytes, Array("null".utf8))
    }
}
