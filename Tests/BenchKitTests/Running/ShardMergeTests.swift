import XCTest
@testable import BenchKit

final class ShardMergeTests: XCTestCase {
    private let names = (1...10).map { "bench/n=\($0)" }

    /// A whole run of the ten benchmarks, two processes each.
    private var whole: ResultFile {
        var file = sampleResult(suite: "s")
        file.environment?.fingerprint = "f1"
        file.environment?.commit = "c1"
        file.environment?.dirty = false
        file.benchmarks = names.enumerated().map { index, name in
            BenchmarkResult(name: name, parameters: ["n": .int(index + 1)], metrics: [
                "time": MetricResult(unit: "ns", better: .lower, samples: [[Double(index), 2], [3]]),
                "error": MetricResult(unit: "", better: .lower, value: 1e-6, tolerance: 1e-5),
            ], iterationsPerSample: [index + 1, 4])
        }
        return file
    }

    /// The whole run cut into `count` shards as `--shard` would, with start times one
    /// minute apart.
    private func shards(_ count: Int, of run: ResultFile? = nil) -> [(path: String, file: ResultFile)] {
        let run = run ?? whole
        let assignment = Shards.assign(run.benchmarks.map(\.name), costs: [:], count: count)
        return assignment.enumerated().map { index, part in
            var file = run
            file.benchmarks = run.benchmarks.filter { part.contains($0.name) }
            file.createdAt = "2026-11-22T08:0\(count - index):00Z"
            file.shard = ShardInfo(index: index + 1, count: count, balancedBy: "count", partition: Shards.digest(assignment))
            return ("shard-\(index + 1).json", file)
        }
    }

    func testMergingShardsGivesBackTheWholeRun() throws {
        for count in 1...8 {
            let merged = try ShardMerge.merge(shards(count).reversed())
            XCTAssertEqual(merged.benchmarks, whole.benchmarks.sorted { $0.name < $1.name }, "\(count) shards: every sample, parameter and value")
            XCTAssertEqual(merged.environment, whole.environment)
            XCTAssertEqual(merged.suite, "s")
            XCTAssertNil(merged.shard, "the merged file is a whole run")
            XCTAssertEqual(merged.createdAt, "2026-11-22T08:01:00Z", "the earliest start")
        }
    }

    func testWholeRunsOfDisjointBenchmarksMergeToo() throws {
        var a = whole, b = whole
        a.benchmarks = Array(whole.benchmarks.prefix(4))
        b.benchmarks = Array(whole.benchmarks.dropFirst(4))
        XCTAssertEqual(try ShardMerge.merge([("a.json", a), ("b.json", b)]).benchmarks.count, 10)
    }

    func testRefusesAnotherSuiteMachineOrCommit() {
        let cases: [(String, (inout ResultFile) -> Void)] = [
            ("suite", { $0.suite = "other" }),
            ("machine fingerprint", { $0.environment?.fingerprint = "f2" }),
            ("commit", { $0.environment?.commit = "c2" }),
            ("dirty", { $0.environment?.dirty = true }),
        ]
        for (field, change) in cases {
            var parts = shards(3)
            change(&parts[2].file)
            XCTAssertThrowsError(try ShardMerge.merge(parts), field) { error in
                guard case MergeError.differs(let path, let differing, _, _, let firstPath) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(path, "shard-3.json")
                XCTAssertEqual(differing, field)
                XCTAssertEqual(firstPath, "shard-1.json")
                XCTAssertTrue("\(error)".contains("merge only the shards of one run"), "\(error)")
            }
        }
    }

    func testRefusesABenchmarkInTwoFiles() {
        var parts = shards(2)
        parts[1].file.benchmarks.append(parts[0].file.benchmarks[0])
        XCTAssertThrowsError(try ShardMerge.merge(parts)) { error in
            XCTAssertEqual(error as? MergeError, .duplicateBenchmark(name: parts[0].file.benchmarks[0].name,
                                                                    path: "shard-2.json", firstPath: "shard-1.json"))
        }
    }

    func testRefusesAMissingOrRepeatedShard() {
        let parts = shards(4)
        XCTAssertThrowsError(try ShardMerge.merge([parts[0], parts[2]])) { error in
            XCTAssertEqual(error as? MergeError, .missingShards(missing: [2, 4], count: 4))
        }
        XCTAssertThrowsError(try ShardMerge.merge([parts[0], parts[1], parts[1], parts[2], parts[3]])) { error in
            XCTAssertEqual(error as? MergeError, .repeatedShard(shard: "2/4", path: "shard-2.json", firstPath: "shard-2.json"))
        }
    }

    func testRefusesShardsOfDifferentPlans() {
        var parts = shards(2)
        parts[1].file.shard?.partition = "another"
        XCTAssertThrowsError(try ShardMerge.merge(parts)) { error in
            guard case MergeError.differs(_, "shard partition", _, _, _) = error else { return XCTFail("\(error)") }
        }
        let three = shards(3)
        XCTAssertThrowsError(try ShardMerge.merge([shards(2)[0], three[1]])) { error in
            guard case MergeError.differs(_, "shard count", _, _, _) = error else { return XCTFail("\(error)") }
        }
    }

    func testRefusesShardsMixedWithWholeRuns() {
        XCTAssertThrowsError(try ShardMerge.merge([("whole.json", whole)] + shards(2))) { error in
            XCTAssertEqual(error as? MergeError, .mixedShards(wholePath: "whole.json", shardPath: "shard-1.json"))
        }
        XCTAssertThrowsError(try ShardMerge.merge(shards(2) + [("whole.json", whole)])) { error in
            XCTAssertEqual(error as? MergeError, .mixedShards(wholePath: "whole.json", shardPath: "shard-1.json"))
        }
        XCTAssertThrowsError(try ShardMerge.merge([])) { XCTAssertEqual($0 as? MergeError, .noFiles) }
    }
}
