import BenchCompare
import BenchKit
@testable import BenchReport
import Foundation
import XCTest

final class ForestPlotTests: XCTestCase {
    /// x of every change point (circle) in the plot, in row order.
    private func pointPositions(_ svg: String) throws -> [Double] {
        let circle = try NSRegularExpression(pattern: #"<circle cx="([0-9.]+)""#)
        return circle.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map {
            Double(svg[Range($0.range(at: 1), in: svg)!])!
        }
    }

    func testOneOutlierDoesNotMoveTheOtherRows() throws {
        var comparison = try regressedPair().comparison
        let before = try pointPositions(ForestPlot.render(comparison))
        var outlier = comparison.metrics[0]
        outlier.benchmark = "wild"
        outlier.change = 789.54
        outlier.changeLower = 700
        outlier.changeUpper = 900
        comparison.metrics.append(outlier)
        let svg = ForestPlot.render(comparison)
        let after = try pointPositions(svg)
        XCTAssertEqual(after.count, before.count, "the outlier is no circle")
        for (a, b) in zip(after, before) { XCTAssertEqual(a, b, accuracy: 0.5, "rows keep their positions") }
        XCTAssertTrue(svg.contains("outlier: "), "a marker with the evidence")
        XCTAssertTrue(svg.contains(">+78954%</text>"), "the true value is written out")
    }

    func testTheAxisCoversTypicalChangesAndThresholds() {
        var metric = try! regressedPair().comparison.metrics[0]
        metric.change = 0.2
        metric.changeLower = 0.15
        metric.changeUpper = 0.25
        XCTAssertGreaterThanOrEqual(ForestAxis.limit([metric]), 0.25)
        var wild = metric
        wild.change = 789.54
        XCTAssertLessThan(ForestAxis.limit([metric, metric, wild]), 3, "the outlier does not set the axis")
    }

    func testLongNamesWrapIntoLinesInsteadOfBeingCut() throws {
        var comparison = try regressedPair().comparison
        let long = "serving/end-to-end/model=mlp-fp32-with-a-very-long-configuration-name/batch=64/concurrency=16/keepalive=on"
        comparison.metrics[0].benchmark = long
        let svg = ForestPlot.render(comparison)
        XCTAssertFalse(svg.contains("…"))
        let tspan = try NSRegularExpression(pattern: #"<tspan [^>]*>([^<]*)</tspan>"#)
        let lines = tspan.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { String(svg[Range($0.range(at: 1), in: svg)!]) }
        let wrapped = lines.filter { long.contains($0) && !$0.isEmpty }
        XCTAssertGreaterThan(wrapped.count, 1)
        XCTAssertTrue(lines.joined().contains(long), "every character is shown")
        XCTAssertTrue(lines.allSatisfy { $0.count <= ForestPlot.labelCharacters })
    }

    func testLabelLinesBreakAtSeparatorsAndSplitOverlongWords() {
        XCTAssertEqual(LabelLines.wrap("matmul/fp32/n=512", width: 40), ["matmul/fp32/n=512"])
        XCTAssertEqual(LabelLines.wrap("matmul/fp32/tiled/n=512", width: 12), ["matmul/fp32/", "tiled/n=512"])
        XCTAssertEqual(LabelLines.wrap("abcdefghij", width: 4), ["abcd", "efgh", "ij"])
        XCTAssertEqual(LabelLines.wrap("", width: 4), [""])
    }
}
