import BenchCompare
import BenchKit
import Foundation
import XCTest

/// The lockstep runner driving two real `bench lockstep-worker` processes (both sides are
/// this build, so the comparison is A/A) on the harness benchmarks.
final class LockstepTests: XCTestCase {
    private func runner(_ root: String, configure: (inout LockstepOptions) -> Void = { _ in }) -> LockstepRunner {
        var options = LockstepOptions(seed: 7, timerOverheadNs: 20, scratch: root + "/scratch")
        options.minimumPairs = 2
        options.maximumPairs = 2
        configure(&options)
        func side(_ name: String) -> LockstepSide {
            LockstepSide(name: name, executable: BenchBinary.path, workingDirectory: root, suitePath: root + "/suites/tiny.json")
        }
        return LockstepRunner(base: side("base"), head: side("head"), options: options)
    }

    func testPairsTakeTurnsInWholeBlocksAndCompareAsOneLockstepRun() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let outcome = try runner(root).run()
        XCTAssertEqual(outcome.pairs, 2)
        XCTAssertEqual(outcome.base.map(\.name), ["harness/empty", "harness/sum/count=100", "harness/sum/count=200"])
        for (base, head) in zip(outcome.base, outcome.head) {
            let b = try XCTUnwrap(base.metrics["time"]?.samples), h = try XCTUnwrap(head.metrics["time"]?.samples)
            XCTAssertEqual(b.count, 2, "one inner array per pair")
            XCTAssertEqual(b.map(\.count), h.map(\.count), "both sides take the same turns")
            XCTAssertTrue(b.allSatisfy { $0.count >= 4 && $0.count % 2 == 0 }, "whole ABBA blocks")
            XCTAssertEqual(base.iterationsPerSample, head.iterationsPerSample, "iterations agreed between the sides")
            XCTAssertEqual(base.cpuTime?.map(\.count), b.map(\.count), "a CPU time beside every sample")
            XCTAssertEqual(head.cpuTime?.map(\.count), h.map(\.count))
        }
        XCTAssertEqual(outcome.base[1].metrics["gelems"]?.derivedFrom, "time")
        XCTAssertEqual(outcome.baseDesign.session, outcome.headDesign.session)
        XCTAssertEqual(outcome.headDesign.pinnedCPU, CPUAffinity.lockstepCPU())

        var base = ResultFile(suite: "tiny", createdAt: nil, environment: nil, design: outcome.baseDesign, benchmarks: outcome.base)
        let head = ResultFile(suite: "tiny", createdAt: nil, environment: nil, design: outcome.headDesign, benchmarks: outcome.head)
        let comparison = try compare(baseline: base, new: head)
        XCTAssertEqual(comparison.design, .lockstep)
        XCTAssertTrue(comparison.metrics.filter { $0.metric == "time" }.allSatisfy { $0.test == .lockstepPairs })
        base.design = nil
        XCTAssertNil(try compare(baseline: base, new: head).design, "without both designs the files are separate runs")
    }

    func testRefusedPinningFallsBackToUnpinnedTurnsAndSaysSo() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let outcome = try runner(root) { $0.cpu = 1000; $0.filter = "empty" }.run()
        XCTAssertNil(outcome.headDesign.pinnedCPU)
        XCTAssertTrue(outcome.headDesign.note?.hasPrefix("pinning refused (sched_setaffinity to CPU 1000 failed") == true,
                      outcome.headDesign.note ?? "no note")
        XCTAssertEqual(outcome.head.first?.metrics["time"]?.samples?.count, 2, "the pairs still ran")
    }

    func testUndecidedBenchmarksGetMorePairsAndResolvedOnesStop() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let generous = try runner(root) { $0.minimumPairs = 4; $0.maximumPairs = 8; $0.threshold = 10; $0.filter = "empty" }.run()
        XCTAssertEqual(generous.pairs, 4, "a 1000% threshold is resolved by the minimum")
        let strict = try runner(root) { $0.maximumPairs = 4; $0.threshold = 0; $0.filter = "empty" }.run()
        XCTAssertEqual(strict.pairs, 4, "a zero threshold is never resolved: pairs run to the maximum")
    }

    func testABinaryThatCannotRunInLockstepIsReportedAsUnsupported() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        var old = runner(root)
        old.base.executable = "/bin/false"
        XCTAssertThrowsError(try old.run()) { error in
            guard case .unsupported(let side, _)? = error as? LockstepError else { return XCTFail("\(error)") }
            XCTAssertEqual(side, "base")
        }
    }

    func testTheWorkerRefusesARequestItCannotRead() throws {
        let outcome = try BenchBinary.run([LockstepProtocol.workerCommand, "--request", "{"], in: workspace(self))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.stderrLines, ["error: lockstep-worker is internal: it needs --request with a lockstep request in JSON"])
    }
}
