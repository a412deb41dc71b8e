@testable import BenchKit
import Foundation
import XCTest

/// The interleaving and merging, with stub executables in place of two builds of `bench`:
/// each stub appends its side to a shared log and writes a partial result whose sample
/// is its side's value.
final class InterleavedRunsTests: XCTestCase {
    private func stub(_ directory: String, name: String, value: Double, exit: Int = 0) throws -> String {
        let path = "\(directory)/\(name).sh"
        let script = """
        #!/bin/sh
        out=""; while [ $# -gt 0 ]; do [ "$1" = "--output" ] && out="$2"; shift; done
        echo "\(name)" >> "\(directory)/order.log"
        [ \(exit) -ne 0 ] && { echo "stub \(name) failed on purpose" >&2; exit \(exit); }
        printf '{"schema":"bench-result/1","benchmarks":[{"name":"b","metrics":{"time":{"unit":"ns","better":"lower","samples":[[\(value),\(value)]]}}}]}' > "$out"
        """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    private func side(_ name: String, _ executable: String, _ directory: String) -> RunSide {
        RunSide(name: name, executable: executable, workingDirectory: directory) { index, output in
            ["run-repetition", "--seed", String(index), "--output", output]
        }
    }

    func testAlternatesSidesAndMergesOneInnerArrayPerProcess() throws {
        let directory = temporaryDirectory(self)
        let sides = [side("base", try stub(directory, name: "base", value: 1), directory),
                     side("head", try stub(directory, name: "head", value: 2), directory)]
        let merged = try InterleavedRuns(sides: sides, rounds: 3, scratch: directory + "/runs").run()
        let order = try String(contentsOfFile: directory + "/order.log", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(order, ["base", "head", "base", "head", "base", "head"])
        XCTAssertEqual(merged.count, 2)
        XCTAssertEqual(merged[0].first?.metrics["time"]?.samples, [[1, 1], [1, 1], [1, 1]])
        XCTAssertEqual(merged[1].first?.metrics["time"]?.samples, [[2, 2], [2, 2], [2, 2]])
    }

    func testAFailingProcessNamesItsSideRoundAndLog() throws {
        let directory = temporaryDirectory(self)
        let sides = [side("base", try stub(directory, name: "base", value: 1), directory),
                     side("head", try stub(directory, name: "head", value: 2, exit: 3), directory)]
        XCTAssertThrowsError(try InterleavedRuns(sides: sides, rounds: 2, scratch: directory + "/runs").run()) { error in
            guard case let CIError.repetitionFailed(name, index, detail, log)? = error as? CIError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(name, "head")
            XCTAssertEqual(index, 1)
            XCTAssertTrue(detail.contains("exit 3") && detail.contains("failed on purpose"), detail)
            XCTAssertNotNil(log)
        }
    }
}
