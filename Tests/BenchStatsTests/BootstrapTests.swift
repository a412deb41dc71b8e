import XCTest
import BenchStats

final class BootstrapTests: XCTestCase {
    func testHierarchicalBootstrapMatchesIndependentReimplementation() throws {
        for c in Reference.bootstrap {
            let ci = try hierarchicalBootstrapRatio(
                baseline: Reference.bootstrapBaseline, candidate: Reference.bootstrapCandidate,
                statistic: GroupStatistic(rawValue: c.statistic)!,
                options: BootstrapOptions(resamples: c.resamples, level: c.level, seed: c.seed))
            assertClose(ci.estimate, c.estimate, c.statistic)
            assertClose(ci.lower, c.lower, c.statistic)
            assertClose(ci.upper, c.upper, c.statistic)
            XCTAssertEqual(ci.level, c.level)
        }
    }

    func testPlainBootstrapMatchesReference() throws {
        let ci = try bootstrapRatioOfMedians(
            baseline: Reference.plainBootstrapBaseline, candidate: Reference.plainBootstrapCandidate,
            options: BootstrapOptions(resamples: 300, level: 0.95, seed: 5))
        assertClose(ci.estimate, Reference.plainBootstrap.estimate)
        assertClose(ci.lower, Reference.plainBootstrap.lower)
        assertClose(ci.upper, Reference.plainBootstrap.upper)
    }

    func testBCaMatchesSciPyForThePlainCase() throws {
        let ci = try bootstrapRatioOfMedians(
            baseline: Reference.plainBootstrapBaseline, candidate: Reference.plainBootstrapCandidate,
            options: BootstrapOptions(resamples: 300, level: 0.9, seed: 8, interval: .bca))
        assertClose(ci.estimate, Reference.plainBCa90.estimate)
        assertClose(ci.lower, Reference.plainBCa90.lower)
        assertClose(ci.upper, Reference.plainBCa90.upper)
    }

    func testHierarchicalBCaMatchesReference() throws {
        let ci = try hierarchicalBootstrapRatio(
            baseline: Reference.bootstrapBaseline, candidate: Reference.bootstrapCandidate,
            options: BootstrapOptions(resamples: 700, level: 0.95, seed: 21, interval: .bca))
        assertClose(ci.estimate, Reference.hierarchicalBCa95.estimate)
        assertClose(ci.lower, Reference.hierarchicalBCa95.lower)
        assertClose(ci.upper, Reference.hierarchicalBCa95.upper)
    }

    func testBetweenProcessNoiseWidensTheInterval() throws {
        // Same samples, two layouts: as one process, and as processes with distinct levels.
        let processes: [[Double]] = [[100, 101, 99], [120, 121, 119], [90, 91, 89], [110, 111, 109]]
        let hierarchical = try hierarchicalBootstrapRatio(baseline: processes, candidate: processes)
        let flat = try hierarchicalBootstrapRatio(baseline: [processes.flatMap { $0 }],
                                                  candidate: [processes.flatMap { $0 }],
                                                  statistic: .pooledMedian)
        XCTAssertEqual(hierarchical.estimate, 1)
        XCTAssertGreaterThan(hierarchical.upper - hierarchical.lower, flat.upper - flat.lower)
    }

    func testSameSeedSameInterval() throws {
        let a = try hierarchicalBootstrapRatio(baseline: Reference.bootstrapBaseline,
                                               candidate: Reference.bootstrapCandidate)
        let b = try hierarchicalBootstrapRatio(baseline: Reference.bootstrapBaseline,
                                               candidate: Reference.bootstrapCandidate)
        XCTAssertEqual(a, b)
    }

    func testBadInputThrows() {
        XCTAssertThrowsError(try hierarchicalBootstrapRatio(baseline: [], candidate: [[1]]))
        XCTAssertThrowsError(try hierarchicalBootstrapRatio(baseline: [[1], []], candidate: [[1]]))
        XCTAssertThrowsError(try hierarchicalBootstrapRatio(baseline: [[0, 0]], candidate: [[1]])) { error in
            XCTAssertEqual(error as? StatsError, .notPositive(what: "the baseline medianOfProcessMedians", value: 0))
        }
        XCTAssertThrowsError(try bootstrapRatioOfMedians(baseline: [1], candidate: [1],
                                                         options: BootstrapOptions(resamples: 0)))
        XCTAssertThrowsError(try bootstrapRatioOfMedians(baseline: [1], candidate: [1],
                                                         options: BootstrapOptions(level: 1)))
    }
}
