import Foundation
import XCTest

/// Progress on stderr: on a log (not a terminal) one line per benchmark, none with
/// --quiet; on a terminal one self-updating line.
final class ProgressTests: XCTestCase {
    func testALogGetsOneLinePerBenchmark() {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let outcome = Bench.run(["--suite", "tiny", "--processes", "1", "--no-compare"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let progress = outcome.stderrLines.filter { $0.contains("] harness/") }
        XCTAssertEqual(progress.map { $0.prefix(5) }, ["[1/3]", "[2/3]", "[3/3]"], outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("\u{1B}"), "no terminal codes in a log")
    }

    func testQuietPrintsNoProgress() {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let outcome = Bench.run(["--suite", "tiny", "--processes", "1", "--no-compare", "--quiet"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("] harness/"), outcome.stderr)
    }

    func testATerminalGetsOneSelfUpdatingLine() {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let outcome = Bench.run(["--suite", "tiny", "--processes", "1", "--no-compare"], in: root, stderrIsTerminal: true)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stderr.components(separatedBy: "\r\u{1B}[2K[").count - 1, 3, outcome.stderr)
    }
}
