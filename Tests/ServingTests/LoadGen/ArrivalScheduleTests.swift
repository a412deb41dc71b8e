import Foundation
import XCTest
@testable import Serving

final class ArrivalScheduleTests: XCTestCase {
    func testPoissonHasTheRateAndExponentialGaps() {
        let rate = 5000.0
        var schedule = ArrivalSchedule(rate: rate, process: .poisson, seed: 42)
        var gaps: [Double] = []
        var last = 0.0
        for _ in 0..<100_000 {
            let t = schedule.next()
            gaps.append(t - last)
            last = t
        }
        XCTAssertEqual(Double(gaps.count) / last, rate, accuracy: rate * 0.02)
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let sd = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gaps.count - 1)).squareRoot()
        XCTAssertEqual(sd / mean, 1, accuracy: 0.02, "an exponential has coefficient of variation 1")
        // Kolmogorov-Smirnov distance to Exp(rate): critical value at alpha = 0.001 is 1.95/sqrt(n).
        gaps.sort()
        var d = 0.0
        for (i, g) in gaps.enumerated() {
            let cdf = 1 - exp(-rate * g)
            d = max(d, abs(cdf - Double(i) / Double(gaps.count)), abs(cdf - Double(i + 1) / Double(gaps.count)))
        }
        XCTAssertLessThan(d, 1.95 / Double(gaps.count).squareRoot())
    }

    func testSameSeedSameSchedule() {
        var a = ArrivalSchedule(rate: 100, seed: 9), b = ArrivalSchedule(rate: 100, seed: 9), c = ArrivalSchedule(rate: 100, seed: 10)
        let ta = (0..<100).map { _ in a.next() }
        XCTAssertEqual(ta, (0..<100).map { _ in b.next() })
        XCTAssertNotEqual(ta, (0..<100).map { _ in c.next() })
    }

    func testConstantArrivalsAreEquallySpacedFromARandomPhase() {
        var a = ArrivalSchedule(rate: 1000, process: .constant, seed: 1)
        var b = ArrivalSchedule(rate: 1000, process: .constant, seed: 2)
        let ta = (0..<1000).map { _ in a.next() }
        for (x, y) in zip(ta, ta.dropFirst()) { XCTAssertEqual(y - x, 0.001, accuracy: 1e-9) }
        XCTAssertNotEqual(ta[0], b.next(), "each seed has its own phase")
        XCTAssertLessThanOrEqual(ta[0], 0.002)
    }
}
