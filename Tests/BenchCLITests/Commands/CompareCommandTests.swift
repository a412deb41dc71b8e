import Foundation
import XCTest
@testable import BenchKit
import BenchStats

/// `bench compare` and `--gate` as CI uses them: exit 0 on noise or improvement, 1 on a
/// significant regression, 2 when the environments differ (unless allowed).
final class CompareCommandTests: XCTestCase {
    /// A result with `processes` processes of 20 samples around `center` ns (±1% noise).
    private func result(center: Double, processes: Int = 10, cpu: String = "Test CPU", seed: UInt64 = 1) -> ResultFile {
        var generator = SplitMix64(seed: seed)
        func noise() -> Double { Double(generator.next() % 2001) / 100_000 - 0.01 }
        let samples = (0..<processes).map { _ in (0..<20).map { _ in center * (1 + noise()) } }
        var environment = EnvironmentInfo()
        environment.cpu = cpu
        environment.build = "release"
        return ResultFile(suite: "s", createdAt: nil, environment: environment, benchmarks: [
            BenchmarkResult(name: "matmul/n=256", metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: samples)]),
        ])
    }

    private func files(_ base: ResultFile, _ new: ResultFile) throws -> String {
        let root = workspace(self)
        try JSONFiles.writeAtomically(base, to: root + "/base.json")
        try JSONFiles.writeAtomically(new, to: root + "/new.json")
        return root
    }

    func testSameCodePassesTheGate() throws {
        let root = try files(result(center: 1e6, seed: 1), result(center: 1e6, seed: 2))
        let outcome = Bench.run(["compare", "base.json", "new.json", "--gate"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("0 regressions"), outcome.stdout)
    }

    func testASignificantSlowdownFailsTheGateOnlyWhenGating() throws {
        let root = try files(result(center: 1e6, seed: 1), result(center: 1.2e6, seed: 2))
        let gated = Bench.run(["compare", "base.json", "new.json", "--gate"], in: root)
        XCTAssertEqual(gated.status, 1, gated.stdout + gated.stderr)
        XCTAssertTrue(gated.stdout.contains("regression"), gated.stdout)
        XCTAssertTrue(gated.stderr.contains("gate: FAILED"), gated.stderr)
        let plain = Bench.run(["compare", "base.json", "new.json"], in: root)
        XCTAssertEqual(plain.status, 0)
    }

    func testAnImprovementNeverFailsTheGate() throws {
        let root = try files(result(center: 1e6, seed: 1), result(center: 0.8e6, seed: 2))
        let outcome = Bench.run(["compare", "base.json", "new.json", "--gate"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("improvement"), outcome.stdout)
    }

    func testAThresholdAboveTheChangeKeepsItFromFailing() throws {
        let root = try files(result(center: 1e6, seed: 1), result(center: 1.2e6, seed: 2))
        let outcome = Bench.run(["compare", "base.json", "new.json", "--gate", "--threshold", "0.5"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
    }

    func testEnvironmentMismatchIsShownAndRefusedUnlessAllowed() throws {
        let root = try files(result(center: 1e6, cpu: "CPU A", seed: 1), result(center: 1.2e6, cpu: "CPU B", seed: 2))
        let refused = Bench.run(["compare", "base.json", "new.json", "--gate"], in: root)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stdout.contains("WARNING: environments differ: cpu: CPU A vs CPU B"), refused.stdout)
        XCTAssertTrue(refused.stderr.contains("--allow-env-mismatch"), refused.stderr)
        let allowed = Bench.run(["compare", "base.json", "new.json", "--gate", "--allow-env-mismatch"], in: root)
        XCTAssertEqual(allowed.status, 1)
    }

    func testJSONAndMarkdownFormats() throws {
        let root = try files(result(center: 1e6, seed: 1), result(center: 1.2e6, seed: 2))
        let json = Bench.run(["compare", "base.json", "new.json", "--format", "json", "--output", "report.json"], in: root)
        XCTAssertEqual(json.status, 0)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/report.json"))) as? [String: Any]
        let comparison = try XCTUnwrap(report?["comparison"] as? [String: Any])
        XCTAssertEqual((comparison["metrics"] as? [[String: Any]])?.first?["verdict"] as? String, "regression")
        let markdown = Bench.run(["compare", "base.json", "new.json", "--format", "markdown"], in: root)
        XCTAssertTrue(markdown.stdout.contains("| benchmark |"), markdown.stdout)
    }

    func testEarlierRunsThatMovedAsMuchKeepAWholeRunShiftFromFailing() throws {
        func dated(_ file: ResultFile, _ day: Int) -> ResultFile {
            var file = file
            file.createdAt = String(format: "2026-11-%02dT10:00:00Z", day)
            return file
        }
        let root = try files(dated(result(center: 1e6, seed: 1), 20), dated(result(center: 1.2e6, seed: 2), 21))
        for (day, level) in [0.85, 1.15, 0.9, 1.2, 1.0, 0.8, 1.1].enumerated() {
            try JSONFiles.writeAtomically(dated(result(center: 1e6 * level, seed: 10 + UInt64(day)), 1 + day),
                                          to: "\(root)/history/run-\(day).json")
        }
        let alone = Bench.run(["compare", "base.json", "new.json", "--gate"], in: root)
        XCTAssertEqual(alone.status, 1, alone.stdout + alone.stderr)
        XCTAssertTrue(alone.stderr.contains("--history"), "suggests keeping history: \(alone.stderr)")
        let withHistory = Bench.run(["compare", "base.json", "new.json", "--gate", "--history", "history"], in: root)
        XCTAssertEqual(withHistory.status, 0, withHistory.stdout + withHistory.stderr)
        XCTAssertTrue(withHistory.stdout.contains("whole runs vary"), withHistory.stdout)
        XCTAssertTrue(withHistory.stdout.contains("whole-run spread from 8 runs"), withHistory.stdout)
        for (history, failures) in [([String](), 1), (["--history", "history"], 0)] {
            let junit = Bench.run(["export", "--format", "junit", "base.json", "new.json"] + history, in: root)
            XCTAssertEqual(junit.status, 0, junit.stderr)
            XCTAssertEqual(junit.stdout.components(separatedBy: "<failure").count - 1, failures,
                           "export judges with the same history as compare: \(junit.stdout)")
        }
        let missing = Bench.run(["compare", "base.json", "new.json", "--history", "nowhere"], in: root)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nowhere"), missing.stderr)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
    }

    func testMissingBenchmarksAreListedAndFailOnlyWhenAsked() throws {
        var new = result(center: 1e6, seed: 2)
        new.benchmarks[0].name = "matmul/n=512"
        let root = try files(result(center: 1e6, seed: 1), new)
        let listed = Bench.run(["compare", "base.json", "new.json", "--gate"], in: root)
        XCTAssertEqual(listed.status, 0)
        XCTAssertTrue(listed.stdout.contains("Only in the baseline"), listed.stdout)
        let failing = Bench.run(["compare", "base.json", "new.json", "--gate", "--fail-on-missing"], in: root)
        XCTAssertEqual(failing.status, 1)
    }

    func testARunComparesWithThisMachinesBaseline() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let first = Bench.run(["--suite", "tiny", "--quiet", "--output", "first.json"], in: root)
        XCTAssertEqual(first.status, 0, first.stderr)
        // Store it as a baseline as if it were a release result, keyed to this machine.
        var baseline = try JSONFiles.readResultFile(root + "/first.json")
        baseline.environment?.build = "release"
        baseline.environment?.fingerprint = nil
        try JSONFiles.writeAtomically(baseline, to: root + "/release.json")
        let update = Bench.run(["baseline", "update", "--suite", "tiny", "--from", "release.json"], in: root)
        XCTAssertEqual(update.status, 0, update.stderr)
        let second = Bench.run(["--suite", "tiny", "--quiet"], in: root)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("baseline: \(root)/baselines/"), second.stdout)
        XCTAssertTrue(second.stdout.contains("build: release vs debug"), "the debug/release mismatch is shown: \(second.stdout)")
        let gated = Bench.run(["--suite", "tiny", "--quiet", "--gate"], in: root)
        XCTAssertEqual(gated.status, 2, "a debug run is never gated against a release baseline")
    }

    func testAGateFailureIsMeasuredAgainAndTheResultFileSurvives() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        XCTAssertEqual(Bench.run(["--suite", "tiny", "--quiet", "--output", "first.json", "--processes", "9"], in: root).status, 0)
        // A baseline twice as fast on one benchmark: every later run regresses there.
        var baseline = try JSONFiles.readResultFile(root + "/first.json")
        let index = try XCTUnwrap(baseline.benchmarks.firstIndex { $0.name == "harness/sum/count=200" })
        for (metric, factor) in [("time", 0.5), ("gelems", 2.0)] {
            let scaled = baseline.benchmarks[index].metrics[metric]?.samples?.map { $0.map { $0 * factor } }
            baseline.benchmarks[index].metrics[metric]?.samples = scaled
        }
        let machine = try XCTUnwrap(baseline.environment?.machine)
        try JSONFiles.writeAtomically(baseline, to: "\(root)/baselines/\(machine)/tiny.json")

        let gated = Bench.run(["--suite", "tiny", "--quiet", "--gate", "--allow-env-mismatch", "--output", "second.json",
                               "--processes", "9"], in: root)
        XCTAssertEqual(gated.status, 1, gated.stdout + gated.stderr)
        // At least the slowed benchmark is measured again (noise may add another candidate,
        // which the second run then does not confirm).
        XCTAssertNotNil(gated.stderr.range(of: #"measuring [1-3] benchmark\(s\) again"#, options: .regularExpression), gated.stderr)
        XCTAssertTrue(gated.stdout.contains("measured again: \(root)/results/tiny-again-"), gated.stdout)
        XCTAssertTrue(gated.stdout.contains("confirmed by a second run"), gated.stdout)
        XCTAssertTrue(gated.stdout.contains("measured again, 2 confirmed"), gated.stdout)
        XCTAssertEqual(try JSONFiles.readResultFile(root + "/second.json").benchmarks.count, 3,
                       "the report never overwrites the run's result file")

        let unconfirmed = Bench.run(["--suite", "tiny", "--quiet", "--gate", "--allow-env-mismatch", "--no-confirm",
                                     "--processes", "9"], in: root)
        XCTAssertEqual(unconfirmed.status, 1)
        XCTAssertFalse(unconfirmed.stdout.contains("measured again"), unconfirmed.stdout)
    }
}
