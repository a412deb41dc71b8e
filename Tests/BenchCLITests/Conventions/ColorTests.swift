import BenchKit
import Foundation
import XCTest

/// Colour obeys `--color`, `NO_COLOR` (any non-empty value) and `TERM=dumb`; `auto`
/// colours only a terminal.
final class ColorTests: XCTestCase {
    private func isColoured(_ extra: [String] = [], environment: [String: String] = [:], terminal: Bool,
                            in root: String) -> Bool {
        let outcome = Bench.run(["compare", "base.json", "new.json"] + extra, in: root, environment: environment,
                                stdoutIsTerminal: terminal)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("regression"), outcome.stdout)
        return outcome.stdout.contains("\u{1B}[")
    }

    func testAutoColoursATerminalOnly() throws {
        let root = try comparedFiles(self)
        XCTAssertTrue(isColoured(terminal: true, in: root))
        XCTAssertFalse(isColoured(terminal: false, in: root))
        XCTAssertTrue(isColoured(["--color", "auto"], environment: ["NO_COLOR": "", "TERM": "xterm"], terminal: true, in: root),
                      "an empty NO_COLOR does not say no")
    }

    func testNoColorAndDumbTerminalsTurnItOff() throws {
        let root = try comparedFiles(self)
        XCTAssertFalse(isColoured(environment: ["NO_COLOR": "1"], terminal: true, in: root))
        XCTAssertFalse(isColoured(environment: ["TERM": "dumb"], terminal: true, in: root))
    }

    func testTheFlagWinsOverTheEnvironment() throws {
        let root = try comparedFiles(self)
        XCTAssertTrue(isColoured(["--color", "always"], environment: ["NO_COLOR": "1"], terminal: false, in: root))
        XCTAssertFalse(isColoured(["--color", "never"], terminal: true, in: root))
        let bad = Bench.run(["compare", "base.json", "new.json", "--color", "sometimes"], in: root)
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderrLines, ["error: --color must be one of auto, always, never, got 'sometimes'"])
    }
}
