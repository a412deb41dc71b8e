import XCTest
@testable import BenchKit

final class TerminalTextTests: XCTestCase {
    func testControlCharactersBecomeVisibleEscapes() {
        XCTAssertEqual("a\nb\rc\td".escapedForTerminal, "a\\nb\\rc\\td")
        XCTAssertEqual("\u{1B}[32mok\u{1B}[0m".escapedForTerminal, "\\u{1B}[32mok\\u{1B}[0m")
        XCTAssertEqual("\u{0}\u{7F}\u{9B}".escapedForTerminal, "\\u{0}\\u{7F}\\u{9B}")
        XCTAssertEqual("abc\u{202E}fed\u{2028}".escapedForTerminal, "abc\\u{202E}fed\\u{2028}")
    }

    func testPrintableTextIsUnchangedAndEscapingTwiceChangesNothing() {
        for text in ["matmul/fp32/blocked/n=256", "405.9 µs", "±54.3%", "a\\nb", "日本語"] {
            XCTAssertEqual(text.escapedForTerminal, text)
        }
        let hostile = "x\n\u{1B}[2Kall passed"
        XCTAssertEqual(hostile.escapedForTerminal.escapedForTerminal, hostile.escapedForTerminal)
    }

    func testATableRowCannotForgeAnotherLine() {
        var table = TextTable(headers: ["benchmark", "verdict"])
        table.append(["x\n\u{1B}[32m0 regressions, all passed\u{1B}[0m", "regression"])
        for rendered in [table.renderText(), table.renderMarkdown()] {
            XCTAssertEqual(rendered.split(separator: "\n").count, 3, rendered)
            XCTAssertFalse(rendered.contains("\u{1B}"), rendered)
            XCTAssertTrue(rendered.contains("x\\n\\u{1B}[32m0 regressions"), rendered)
        }
    }
}
