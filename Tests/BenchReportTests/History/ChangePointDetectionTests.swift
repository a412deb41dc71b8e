import BenchStats
@testable import BenchReport
import Foundation
import XCTest

/// Gaussian noise (Box-Muller on xoshiro256**), so every series is reproducible.
private func noise(count: Int, sigma: Double, seed: UInt64) -> [Double] {
    var rng = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { _ in
        let u1 = max(rng.nextUnit(), 1e-300), u2 = rng.nextUnit()
        return sigma * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// The change points `bench history` reports, on synthetic histories: a level of 100 with
/// Gaussian noise of σ = 1 (1%), steps at known positions. Every seed in a range is
/// checked; none is chosen.
final class ChangePointDetectionTests: XCTestCase {
    private let options = ChangePointOptions()

    func testAStepIsFoundWithinOnePoint() throws {
        for seed in UInt64(1)...20 {
            let jitter = noise(count: 60, sigma: 1, seed: seed)
            let series = jitter.indices.map { 100 + ($0 >= 30 ? 5 : 0) + jitter[$0] }
            let found = try HistoryReport.detect(series, options: options)
            XCTAssertEqual(found.count, 1, "seed \(seed): \(found.map(\.index))")
            XCTAssertLessThanOrEqual(abs((found.first?.index ?? -10) - 30), 1, "seed \(seed)")
            XCTAssertEqual(found.first?.relativeChange ?? 0, 0.05, accuracy: 0.01, "seed \(seed)")
            XCTAssertLessThan(found.first?.pValue ?? 1, 0.001)
        }
    }

    /// Fails for 1 seed of 20 (seed 16: an extra point 3 runs before a true step) with
    /// BenchStats' detector, whose Welch test sees a "step" in a 3-point segment with a
    /// small variance by chance; a pooled-variance test does not (see the reports branch
    /// report). Kept as the specification, not loosened.
    func testSeveralStepsUpAndDownAreEachFoundWithinOnePoint() throws {
        let starts = [40, 90, 130, 200]
        let levels = [100.0, 106, 97, 104, 100]
        for seed in UInt64(1)...20 {
            let jitter = noise(count: 240, sigma: 1, seed: seed)
            let series = jitter.indices.map { i in levels[starts.filter { $0 <= i }.count] + jitter[i] }
            let found = try HistoryReport.detect(series, options: options)
            XCTAssertEqual(found.count, 4, "seed \(seed): \(found.map(\.index))")
            for (point, expected) in zip(found, starts) {
                XCTAssertLessThanOrEqual(abs(point.index - expected), 1, "seed \(seed): \(found.map(\.index))")
            }
            XCTAssertEqual(found.map { $0.relativeChange > 0 }, [true, false, true, false])
        }
    }

    func testNoFalseStepsOnNoiseOfTheSameSize() throws {
        for count in [60, 240] {
            var falseSeries: [UInt64] = []
            for seed in UInt64(1)...50 where try !HistoryReport.detect(noise(count: count, sigma: 1, seed: seed).map { $0 + 100 },
                                                                        options: options).isEmpty {
                falseSeries.append(seed)
            }
            XCTAssertEqual(falseSeries, [], "\(count)-point pure-noise series with a reported change point (of 50)")
        }
    }

    func testReportedPValuesAreCorrectedForTheSearch() throws {
        let series = [Double](repeating: 10, count: 12) + [10.5, 9.5, 10.4, 9.6] + [Double](repeating: 12, count: 12)
        let raw = try detectChangePoints(series, options: ChangePointOptions(maxPValue: 0.5))
        let corrected = try HistoryReport.detect(series, options: ChangePointOptions(maxPValue: 0.5))
        let rawPoint = try XCTUnwrap(raw.first { $0.index == corrected.first?.index })
        XCTAssertEqual(try XCTUnwrap(corrected.first).pValue, min(1, rawPoint.pValue * Double(series.count - 2 * 3 + 1)),
                       accuracy: 1e-12)
    }
}
