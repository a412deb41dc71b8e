import BenchStats
import XCTest

final class BootstrapDistributionTests: XCTestCase {
    func testTheDistributionIsTheOneTheIntervalIsReadFrom() throws {
        let baseline = [[10.0, 10.2, 9.9, 10.1], [10.4, 10.3, 10.6], [9.8, 9.7, 10.0, 9.9]]
        let candidate = [[11.0, 11.3, 10.9], [11.2, 11.1, 11.4, 11.0], [10.8, 11.0, 10.9]]
        let options = BootstrapOptions(resamples: 999, level: 0.9)
        let ratios = try hierarchicalBootstrapRatios(baseline: baseline, candidate: candidate, options: options)
        let interval = try hierarchicalBootstrapRatio(baseline: baseline, candidate: candidate, options: options)
        XCTAssertEqual(ratios.count, 999)
        XCTAssertEqual(ratios, ratios.sorted())
        XCTAssertEqual(interval.lower, try quantile(ratios, 0.05), accuracy: 1e-15)
        XCTAssertEqual(interval.upper, try quantile(ratios, 0.95), accuracy: 1e-15)
    }

    func testRefusesWhatTheIntervalRefuses() {
        XCTAssertThrowsError(try hierarchicalBootstrapRatios(baseline: [[0, 0]], candidate: [[1, 2]]))
        XCTAssertThrowsError(try hierarchicalBootstrapRatios(baseline: [], candidate: [[1, 2]]))
    }
}
