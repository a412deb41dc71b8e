import Foundation
import XCTest

/// `bench serve` refuses what it cannot serve with exit code 2 and one line.
final class ServeCommandTests: XCTestCase {
    func testMissingModelDirectoryIsAnErrorNotATrainingRun() throws {
        let root = workspace(self)
        let outcome = Bench.run(["serve", "--models", root + "/nonexistent", "--port", "0"], in: root)
        XCTAssertEqual(outcome.status, 2, outcome.stderr)
        XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("model directory '\(root)/nonexistent'"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("does not exist"), outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/nonexistent"))
    }
}
