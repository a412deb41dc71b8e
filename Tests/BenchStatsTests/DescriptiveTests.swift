import XCTest
import BenchStats

final class DescriptiveTests: XCTestCase {
    func testMatchesNumpyAndSciPy() throws {
        for ref in Reference.descriptive {
            let q = try quantiles(ref.data, Reference.probabilities)
            for (a, e) in zip(q, ref.quantiles) { assertClose(a, e, "quantile of \(ref.data)") }
            assertClose(try median(ref.data), ref.median)
            assertClose(try medianAbsoluteDeviation(ref.data, scaled: false), ref.madRaw)
            assertClose(try medianAbsoluteDeviation(ref.data), ref.madScaled)
            assertClose(try mean(ref.data), ref.mean)
            assertClose(try variance(ref.data, ddof: 0), ref.populationVariance)
            if let v = ref.variance { assertClose(try variance(ref.data), v) }
        }
    }

    func testQuantileIsTypeSevenInterpolation() throws {
        // h = (4 − 1)·0.5 = 1.5 → halfway between the 2nd and 3rd smallest values.
        XCTAssertEqual(try quantile([10, 40, 20, 30], 0.5), 25)
        XCTAssertEqual(try quantile([10, 40, 20, 30], 1.0 / 3.0), 20, accuracy: 1e-12)
    }

    func testSingleValueAndAllTies() throws {
        XCTAssertEqual(try median(Reference.single), 42)
        XCTAssertEqual(try medianAbsoluteDeviation(Reference.single), 0)
        XCTAssertEqual(try medianAbsoluteDeviation(Reference.ties), 0)
        XCTAssertEqual(try variance(Reference.ties), 0)
    }

    func testEmptyAndBadInputThrowTypedErrors() {
        XCTAssertThrowsError(try median([])) { error in
            XCTAssertEqual(error as? StatsError, .tooFewValues(what: "median input", count: 0, needed: 1))
        }
        XCTAssertThrowsError(try mean([1, .nan])) { error in
            XCTAssertEqual(error as? StatsError, .nonFinite(what: "mean input", index: 1))
        }
        XCTAssertThrowsError(try variance([1])) // sample variance needs two values
        XCTAssertThrowsError(try quantile([1, 2], 1.5))
        XCTAssertThrowsError(try quantile([1, 2], .nan))
    }

    func testMedianSelectionAgreesWithSortingOnManyShapes() throws {
        var rng = Xoshiro256StarStar(seed: 3)
        for n in 1...40 {
            let data = (0..<n).map { _ in Double(rng.index(below: 7)) }  // many ties
            let sorted = data.sorted()
            let expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            XCTAssertEqual(try median(data), expected)
            XCTAssertEqual(try median(sorted), expected)
            XCTAssertEqual(try median(sorted.reversed()), expected)
        }
    }
}
