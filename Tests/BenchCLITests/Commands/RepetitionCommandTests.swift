@testable import BenchCLI
import BenchKit
import XCTest

/// The parent/child contract of `run-repetition` is one type: whatever a parent asks, the
/// child reads back unchanged.
final class RepetitionRequestTests: XCTestCase {
    func testEveryFieldSurvivesTheCommandLine() throws {
        let requests = [
            RepetitionRequest(suitePath: "/s/kernels.json", output: "/tmp/p-1.json", seed: 42),
            RepetitionRequest(suitePath: "suites/a b.json", output: "o.json", seed: UInt64.max, filter: "^matmul/(x|y)$",
                              timeBudget: 0.25, threshold: 0.03, timerOverheadNs: 18.5, label: "base 2/10", quiet: true,
                              countIterations: 3, countLayouts: 4),
        ]
        for request in requests {
            let arguments = Array(request.arguments.dropFirst())
            XCTAssertEqual(request.arguments.first, "run-repetition")
            let entry = CommandEntry(RepetitionCommand.self)
            let parsed = try ArgumentParser.parse(arguments, options: entry.acceptedOptions, command: entry.name)
            XCTAssertEqual(try RepetitionCommand.parse(parsed, context: Bench.context()), request)
        }
    }

    func testAChildWithoutTheRequiredFieldsSaysItIsInternal() throws {
        let outcome = Bench.run(["run-repetition", "--suite", "x.json"], in: workspace(self))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.stderrLines, ["error: run-repetition is internal: it needs --suite, --output and --seed"])
    }
}
