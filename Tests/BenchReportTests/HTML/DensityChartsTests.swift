import BenchCompare
import BenchKit
@testable import BenchReport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

final class DensityChartsTests: XCTestCase {
    private func summaries() throws -> (MetricComparison, MetricSummary, MetricSummary) {
        let pair = try regressedPair()
        let metric = try XCTUnwrap(pair.comparison.metrics.first { $0.benchmark == "kernel/n=64" && $0.metric == "time" })
        let base = try XCTUnwrap(MetricSummary.all(in: pair.base).first { $0.label == "kernel/n=64 time" })
        let new = try XCTUnwrap(MetricSummary.all(in: pair.new).first { $0.label == "kernel/n=64 time" })
        return (metric, base, new)
    }

    func testViolinHasOneDensityOutlinePerSide() throws {
        let (_, base, new) = try summaries()
        let svg = ViolinChart.render(baseline: base, new: new)
        XCTAssertEqual(svg.components(separatedBy: "<polygon fill=\"\(Palette.baseline)\"").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "<polygon fill=\"\(Palette.new)\"").count - 1, 1)
        XCTAssertTrue(svg.contains("baseline: 50 samples"))
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse())
        XCTAssertTrue(ViolinChart.render(baseline: base, new: nil).contains("too few samples"))
    }

    func testBootstrapHistogramCentresOnTheChange() throws {
        let (metric, base, new) = try summaries()
        let svg = BootstrapChart.render(metric: metric, baseline: base, new: new)
        XCTAssertTrue(svg.contains("change in 2000 bootstrap resamples"))
        let bars = svg.components(separatedBy: "<rect").count - 1 - 1
        XCTAssertGreaterThan(bars, 5, "a histogram, not a line")
        XCTAssertEqual(metric.change, 0.2, accuracy: 0.02)
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse())
    }

    func testKernelDensityUsesSilvermansBandwidthAndIntegratesToOne() throws {
        let kde = try XCTUnwrap(KernelDensity((1...10).map(Double.init)))
        XCTAssertEqual(kde.bandwidth, 0.9 * 3.0276503540974917 * pow(10, -0.2), accuracy: 1e-12, "sd < IQR/1.34 here")
        let curve = kde.curve(from: -10, to: 21, count: 2000)
        let step = 31.0 / 1999
        XCTAssertEqual(curve.map(\.density).reduce(0, +) * step, 1, accuracy: 1e-3)
        XCTAssertNil(KernelDensity([3, 3, 3]))
        XCTAssertNil(KernelDensity([1]))
    }
}
