import BenchStats
import Foundation
import XCTest
@testable import Serving

final class LatencyHistogramTests: XCTestCase {
    func testEveryValueMapsToABucketWithinOnePercent() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<100_000 {
            let v = rng.next() >> (rng.next() % 64)
            let (lower, width) = LatencyHistogram.bounds(of: LatencyHistogram.index(of: v))
            XCTAssertTrue(v >= lower && v - lower < width, "\(v) outside [\(lower), +\(width))")
            XCTAssertLessThanOrEqual(Double(width), max(1, Double(lower) / 128))
        }
    }

    func testQuantilesAgreeWithExactOrderStatistics() {
        var rng = SplitMix64(seed: 5)
        var values: [UInt64] = []
        var h = LatencyHistogram()
        for _ in 0..<50_000 {
            let v = UInt64(rng.exponential(rate: 1) * 1e6) + 1000
            values.append(v)
            h.record(v)
        }
        values.sort()
        for q in [0.5, 0.9, 0.99, 0.999] {
            let exact = Double(values[Int((q * Double(values.count)).rounded(.up)) - 1])
            XCTAssertEqual(Double(h.value(atQuantile: q)), exact, accuracy: exact * 0.01, "q=\(q)")
        }
        XCTAssertEqual(h.count, 50_000)
        XCTAssertEqual(h.maximum, values.last)
        XCTAssertEqual(h.mean, Double(values.reduce(0, +)) / 50_000, accuracy: 1)
    }

    func testMergeEqualsRecordingEverythingInOne() {
        var a = LatencyHistogram(), b = LatencyHistogram(), all = LatencyHistogram()
        for v in stride(from: UInt64(1), to: 10_000_000, by: 7919) {
            if v % 2 == 0 { a.record(v) } else { b.record(v) }
            all.record(v)
        }
        a.merge(b)
        XCTAssertEqual(a, all)
    }

    func testJSONRoundTripKeepsTheDistribution() throws {
        var h = LatencyHistogram()
        for v: UInt64 in [5, 300, 300, 12_345, 9_876_543_210] { h.record(v) }
        let data = try JSONEncoder().encode(h)
        let back = try JSONDecoder().decode(LatencyHistogram.self, from: data)
        XCTAssertEqual(back, h)
        XCTAssertEqual(try JSONDecoder().decode(LatencyHistogram.self, from: JSONEncoder().encode(LatencyHistogram())),
                       LatencyHistogram())
    }
}
