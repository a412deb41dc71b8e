import BenchKit
import Foundation
import XCTest

/// `bench --suite S --gate` with a kept baseline binary measures that binary again in
/// lockstep with this one, instead of trusting the stored numbers. (`bench baseline
/// update` keeps only release binaries, so this test keeps the debug test binary by hand.)
final class LockstepGateTests: XCTestCase {
    private func keptBaseline(in root: String) throws -> String {
        let environment = EnvironmentProbe.capture(build: "debug", kernelISA: nil, timer: (20, 1), workingDirectory: root)
        let machine = try XCTUnwrap(environment.machine)
        var baseline = ResultFile(suite: "tiny", createdAt: "2026-12-01T08:00:00Z", environment: environment, benchmarks: [])
        baseline.environment?.commit = "0123456789abcdef"
        try BaselineStore(directory: root + "/baselines").update(suite: "tiny", machine: machine, with: baseline)
        try BaselineBinaries(root: root).store(suite: "tiny", machine: machine, executable: BenchBinary.path,
                                               suiteFile: root + "/suites/tiny.json", baseline: baseline)
        return machine
    }

    func testTheGateMeasuresTheKeptBaselineBinaryInLockstep() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let machine = try keptBaseline(in: root)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: "\(root)/.bench-cache/baselines/\(machine)/tiny/bench"))
        let outcome = try BenchBinary.run(["--suite", "tiny", "--gate", "--allow-env-mismatch", "--min-pairs", "2", "--max-pairs", "2",
                                           "--output", "new.json", "--quiet"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("measuring the baseline binary (commit 0123456789ab) and this one in lockstep"), outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("lockstep pairs"), outcome.stdout)
        let new = try JSONFiles.readResultFile(root + "/new.json")
        XCTAssertEqual(new.design?.kind, .lockstep)
        XCTAssertEqual(new.benchmarks.first?.metrics["time"]?.samples?.count, 2, "one inner array per pair")
        let rerun = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: root + "/results").first { $0.hasPrefix("tiny-baseline-rerun-") })
        let base = try JSONFiles.readResultFile(root + "/results/" + rerun)
        XCTAssertEqual(base.environment?.commit, "0123456789abcdef", "the baseline side names the baseline's commit")
        XCTAssertEqual(base.design?.session, new.design?.session)
    }

    func testProcessesDesignKeepsComparingWithTheStoredNumbers() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        _ = try keptBaseline(in: root)
        let outcome = try BenchBinary.run(["--suite", "tiny", "--gate", "--design", "processes", "--output", "new.json", "--quiet"], in: root)
        XCTAssertFalse(outcome.stderr.contains("lockstep"), outcome.stderr)
        XCTAssertNil(try JSONFiles.readResultFile(root + "/new.json").design)
    }

    func testLockstepWithoutAKeptBinaryIsAUsageError() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let outcome = try BenchBinary.run(["--suite", "tiny", "--design", "lockstep", "--quiet"], in: root)
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.stderrLines.last, "error: --design lockstep needs this machine's baseline of tiny and its kept binary; run `bench --suite tiny` then `bench baseline update --suite tiny` with this build")
    }
}
