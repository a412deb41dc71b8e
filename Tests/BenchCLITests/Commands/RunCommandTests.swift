import Foundation
import XCTest
@testable import BenchKit

final class RunCommandTests: XCTestCase {
    func testProcessRepetitionsAreMergedOneInnerArrayPerProcess() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let outcome = try BenchBinary.run(["--suite", "tiny", "--processes", "3", "--output", "out/r.json"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let result = try JSONFiles.readResultFile(root + "/out/r.json")
        XCTAssertEqual(result.schema, "bench-result/1")
        XCTAssertEqual(result.suite, "tiny")
        XCTAssertEqual(result.benchmarks.map(\.name), ["harness/empty", "harness/sum/count=100", "harness/sum/count=200"])
        for benchmark in result.benchmarks {
            XCTAssertEqual(benchmark.metrics["time"]?.samples?.count, 3, benchmark.name)
            XCTAssertEqual(benchmark.iterationsPerSample?.count, 3)
        }
        XCTAssertEqual(result.benchmarks[1].metrics["gelems"]?.samples?.count, 3)
        let environment = try XCTUnwrap(result.environment)
        XCTAssertEqual(environment.build, "debug")
        XCTAssertNotNil(environment.cpu)
        XCTAssertNotNil(environment.fingerprint)
        XCTAssertNotNil(environment.timerOverheadNs)
        XCTAssertNotNil(environment.machine)
        let progress = outcome.stderrLines.filter { $0.contains("] harness/") }
        XCTAssertEqual(progress.count, 3, "on a log, one progress line per benchmark, not one per process: \(outcome.stderr)")
        XCTAssertTrue(progress.allSatisfy { $0.hasPrefix("process 1/3 [") }, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("no baseline"), outcome.stderr)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root + "/out")
        XCTAssertEqual(leftovers, ["r.json"], "no temporary files left behind")
    }

    func testDefaultOutputGoesToResultsWithSuiteAndTimestamp() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let outcome = Bench.run(["--suite", "tiny", "--processes", "1", "--filter", "empty", "--format", "json"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/results")
        XCTAssertEqual(files.count, 1)
        XCTAssertTrue(files[0].hasPrefix("tiny-2") && files[0].hasSuffix("Z.json"), files[0])
        XCTAssertEqual(try JSONFiles.readResultFile(root + "/results/" + files[0]).benchmarks.map(\.name), ["harness/empty"])
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)), "--format json prints JSON")
    }

    func testListShowsSuitesAndInstances() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let outcome = Bench.run(["list"], in: root)
        XCTAssertEqual(outcome.status, 0)
        XCTAssertTrue(outcome.stdout.contains("tiny (3 benchmarks, 2 processes"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("harness/sum/count=200"))
        let benchmarks = Bench.run(["list", "--benchmarks"], in: root)
        XCTAssertTrue(benchmarks.stdout.contains("harness/sum (count: int = 1000)"), benchmarks.stdout)
    }
}
