import Foundation
import XCTest
@testable import BenchKit

/// `bench --shard I/N` and `bench merge` as a CI matrix or an Indexed Job uses them: the
/// shards' results join into one run with every instance once; mismatches exit 2.
final class MergeCommandTests: XCTestCase {
    private func runShard(_ shard: String, in root: String) throws -> ResultFile {
        let output = "shard-\(shard.prefix { $0 != "/" }).json"
        let outcome = Bench.run(["--suite", "tiny", "--shard", shard, "--processes", "2", "--no-compare",
                                 "--quiet", "--output", output], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return try JSONFiles.readResultFile(root + "/" + output)
    }

    func testShardsOfASuiteMergeIntoOneRunWithEveryInstanceOnce() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let first = try runShard("1/2", in: root), second = try runShard("2/2", in: root)
        XCTAssertEqual(first.shard?.description, "1/2")
        XCTAssertEqual(second.shard?.partition, first.shard?.partition)
        XCTAssertEqual(first.shard?.balancedBy, "count")
        XCTAssertEqual(Set(first.benchmarks.map(\.name)).intersection(second.benchmarks.map(\.name)), [])
        XCTAssertEqual(first.benchmarks.first?.metrics["time"]?.samples?.count, 2, "each shard runs its processes")

        let merged = Bench.run(["merge", "shard-2.json", "shard-1.json", "-o", "merged.json"], in: root)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        let file = try JSONFiles.readResultFile(root + "/merged.json")
        XCTAssertEqual(file.benchmarks.map(\.name), ["harness/empty", "harness/sum/count=100", "harness/sum/count=200"])
        XCTAssertNil(file.shard)
    }

    func testAShardIsBalancedByTheBaselineAndComparedWithItsPartOfIt() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        let whole = Bench.run(["--suite", "tiny", "--processes", "2", "--quiet", "--output", "whole.json"], in: root)
        XCTAssertEqual(whole.status, 0, whole.stderr)
        try storeAsBaseline(root + "/whole.json", suite: "tiny", in: root)
        let outcome = Bench.run(["--suite", "tiny", "--shard", "1/2", "--processes", "2", "--quiet",
                                 "--output", "shard-1.json", "--gate", "--fail-on-missing", "--allow-env-mismatch"], in: root)
        XCTAssertFalse(outcome.stdout.contains("Only in the baseline"), outcome.stdout)
        XCTAssertNotEqual(outcome.status, 2, outcome.stderr)
        XCTAssertEqual(try JSONFiles.readResultFile(root + "/shard-1.json").shard?.balancedBy, "baseline")
    }

    func testListGivesEachShardsInstancesAndAPatternThatSelectsExactlyThem() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        var listed: [String] = []
        for shard in ["1/2", "2/2"] {
            let names = Bench.run(["list", "--suite", "tiny", "--shard", shard], in: root)
            XCTAssertEqual(names.status, 0, names.stderr)
            let instances = names.stdout.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            listed += instances
            let pattern = Bench.run(["list", "--suite", "tiny", "--shard", shard, "--pattern"], in: root)
            XCTAssertEqual(pattern.stdout, Shards.exactPattern(instances) + "\n")
        }
        XCTAssertEqual(listed.sorted(), ["harness/empty", "harness/sum/count=100", "harness/sum/count=200"])
    }

    func testMergingFilesOfTwoSuitesExits2WithOneLine() throws {
        let root = workspace(self)
        func result(suite: String, benchmark: String) -> ResultFile {
            ResultFile(suite: suite, createdAt: nil, environment: nil, benchmarks: [
                BenchmarkResult(name: benchmark, metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: [[1]])]),
            ])
        }
        try JSONFiles.writeAtomically(result(suite: "kernels", benchmark: "a"), to: root + "/a.json")
        try JSONFiles.writeAtomically(result(suite: "other", benchmark: "b"), to: root + "/b.json")
        let outcome = Bench.run(["merge", "a.json", "b.json", "-o", "m.json"], in: root)
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("b.json: suite \"other\" differs from \"kernels\" in \(root)/a.json"), outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/m.json"))
    }

    func testABadShardExits2BeforeMeasuring() throws {
        let root = workspace(self, suites: ["tiny": tinySuite])
        for (shard, message) in [("3/2", "expected I/N"), ("4/4", "too few for 4 shards"), ("x", "expected I/N")] {
            let outcome = Bench.run(["--suite", "tiny", "--shard", shard, "--no-compare"], in: root)
            XCTAssertEqual(outcome.status, 2, shard)
            XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains(message), outcome.stderr)
        }
    }

    func testLoadShardsSplitOnlyAnOpenLoopRate() throws {
        let root = workspace(self)
        for arguments in [["--shard", "1/2", "--scenario", "offline"], ["--shard", "1/2", "--rate", "100:200:50"], ["--shard", "0/2"]] {
            let outcome = Bench.run(["load"] + arguments, in: root)
            XCTAssertEqual(outcome.status, 2, "\(arguments)")
            XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr)
        }
    }

    func testMergeWithoutFilesIsAUsageError() throws {
        let outcome = Bench.run(["merge"], in: workspace(self))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr)
    }
}
