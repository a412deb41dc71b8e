import XCTest
@testable import BenchKit

final class ShardsTests: XCTestCase {
    private let names = (1...23).map { "bench/n=\($0)" }

    /// Costs spread over three orders of magnitude, as a kernel suite's are.
    private var unevenCosts: [String: Double] {
        Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Double(($0 * 37) % 101 + 1) * 1e6) })
    }

    func testEveryInstanceIsInExactlyOneShardForOneToEightShards() {
        for costs in [[:], unevenCosts] {
            for count in 1...8 {
                let shards = Shards.assign(names, costs: costs, count: count)
                XCTAssertEqual(shards.count, count)
                XCTAssertEqual(shards.flatMap { $0 }.sorted(), names.sorted(), "\(count) shards")
                XCTAssertEqual(Set(shards.flatMap { $0 }).count, names.count, "no instance twice, \(count) shards")
            }
        }
    }

    func testTheAssignmentIsDeterministicAndIgnoresTheOrderOfCosts() {
        for count in 1...8 {
            let first = Shards.assign(names, costs: unevenCosts, count: count)
            let again = Shards.assign(names, costs: Dictionary(uniqueKeysWithValues: unevenCosts.reversed()), count: count)
            XCTAssertEqual(first, again)
            XCTAssertEqual(Shards.digest(first), Shards.digest(again))
        }
    }

    func testShardsKeepTheSuiteOrder() {
        for shard in Shards.assign(names, costs: unevenCosts, count: 3) {
            XCTAssertEqual(shard, names.filter(shard.contains))
        }
    }

    func testWithoutCostsShardSizesDifferByAtMostOne() {
        for count in 1...8 {
            let sizes = Shards.assign(names, costs: [:], count: count).map(\.count)
            XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1, "\(count) shards: \(sizes)")
        }
    }

    func testWithCostsShardTotalsDifferByAtMostTheLargestCost() {
        let costs = unevenCosts
        for count in 1...8 {
            let totals = Shards.assign(names, costs: costs, count: count).map { $0.reduce(0) { $0 + costs[$1]! } }
            XCTAssertLessThanOrEqual(totals.max()! - totals.min()!, costs.values.max()!, "\(count) shards: \(totals)")
        }
    }

    func testOneLongBenchmarkGetsAShardToItself() {
        let costs = ["long": 100.0, "a": 1, "b": 1, "c": 1]
        let shards = Shards.assign(["a", "long", "b", "c"], costs: costs, count: 2)
        XCTAssertEqual(shards, [["long"], ["a", "b", "c"]])
    }

    func testExpectedCostIsTheMeasuredTimeOfEachProcess() throws {
        let earlier = ResultFile(suite: "s", createdAt: nil, environment: nil, benchmarks: [
            BenchmarkResult(name: "a", metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: [[10, 20], [30]])],
                            iterationsPerSample: [2, 5]),
            BenchmarkResult(name: "b", metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: [[7]])]),
            BenchmarkResult(name: "gone", metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: [[1e9]])]),
        ])
        let costs = try XCTUnwrap(Shards.expectedCosts(["a", "b", "new"], from: earlier))
        XCTAssertEqual(costs["a"], (10 + 20) * 2 + 30 * 5)
        XCTAssertEqual(costs["b"], 7, "no iteration counts: one iteration per sample")
        XCTAssertEqual(costs["new"], (210 + 7) / 2, "an instance the run did not time costs the mean of those it did")
        XCTAssertEqual(costs.count, 3)
    }

    func testARunThatTimedNoneOfTheInstancesBalancesByCount() {
        let counts = ResultFile(suite: "s", createdAt: nil, environment: nil, benchmarks: [
            BenchmarkResult(name: "a", metrics: ["instructions": MetricResult(unit: "instructions", better: .lower, samples: [[5]])]),
        ])
        XCTAssertNil(Shards.expectedCosts(["a", "b"], from: counts))
        let part = Shards.select(["a", "b"], index: 1, count: 2, earlier: (counts, "baseline"))
        XCTAssertEqual(part.info.balancedBy, "count")
        XCTAssertEqual(Shards.select(["a", "b"], index: 1, count: 2, earlier: nil).info.balancedBy, "count")
    }

    func testSelectRecordsTheShardAndThePlanItCameFrom() {
        let earlier = ResultFile(suite: "s", createdAt: nil, environment: nil, benchmarks: names.map {
            BenchmarkResult(name: $0, metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: [[unevenCosts[$0]!]])])
        })
        let parts = (1...3).map { Shards.select(names, index: $0, count: 3, earlier: (earlier, "baseline")) }
        XCTAssertEqual(parts.map(\.info.index), [1, 2, 3])
        XCTAssertEqual(Set(parts.map(\.info.partition)).count, 1, "every shard names the same plan")
        XCTAssertEqual(parts[0].info.balancedBy, "baseline")
        XCTAssertEqual(parts.flatMap(\.names).sorted(), names.sorted())
        XCTAssertNotEqual(parts[0].info.partition, Shards.select(names, index: 1, count: 3, earlier: nil).info.partition,
                          "a plan balanced by other costs is another plan")
    }

    func testParseAcceptsOneBasedIndexOfCount() throws {
        XCTAssertTrue(try Shards.parse("2/3") == (2, 3))
        XCTAssertTrue(try Shards.parse("1/1") == (1, 1))
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "1/3/5", "-1/3", "1/1001", ""] {
            XCTAssertThrowsError(try Shards.parse(bad), bad) { error in
                XCTAssertTrue("\(error)".contains("expected I/N"), "\(error)")
            }
        }
    }

    func testExactPatternMatchesOnlyTheNames() throws {
        let pattern = try NSRegularExpression(pattern: Shards.exactPattern(["a/n=1", "b(x)"]))
        func matches(_ name: String) -> Bool { pattern.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil }
        XCTAssertTrue(matches("a/n=1"))
        XCTAssertTrue(matches("b(x)"))
        XCTAssertFalse(matches("a/n=10"))
        XCTAssertFalse(matches("bx"))
    }

    func testTheShardFieldIsOptionalInResultFiles() throws {
        var file = sampleResult()
        let plain = try JSONEncoder().encode(file)
        XCTAssertFalse(String(decoding: plain, as: UTF8.self).contains("shard"), "a whole run writes no shard field")
        XCTAssertNil(try JSONFiles.decodeResultFile(plain, path: "whole.json").shard)
        file.shard = ShardInfo(index: 2, count: 3, balancedBy: "count", partition: "00ff")
        let sharded = try JSONFiles.decodeResultFile(try JSONEncoder().encode(file), path: "shard.json")
        XCTAssertEqual(sharded.shard, file.shard)
    }
}
