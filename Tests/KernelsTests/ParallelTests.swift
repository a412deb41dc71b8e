import Dispatch
import XCTest
@testable import Kernels

final class ParallelTests: XCTestCase {
    func testEveryPartRunsExactlyOnce() {
        for parts in [0, 1, 2, 5, 17] {
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: max(parts, 1))
            counts.initialize(repeating: 0, count: max(parts, 1))
            defer { counts.deallocate() }
            let shared = UnsafeSendable(value: counts)
            for _ in 0..<50 { parallelFor(parts: parts) { shared.value[$0] += 1 } }
            XCTAssertEqual((0..<parts).map { counts[$0] }, [Int](repeating: 50, count: parts), "parts \(parts)")
        }
    }

    /// Workers sleep after `spinSeconds` without work; the next call must still run every
    /// part, whether a woken worker or the caller runs it.
    func testCallsAfterWorkersFellAsleepRunEveryPart() {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 4)
        counts.initialize(repeating: 0, count: 4)
        defer { counts.deallocate() }
        let shared = UnsafeSendable(value: counts)
        for _ in 0..<3 {
            parallelFor(parts: 4) { shared.value[$0] += 1 }
            usleep(UInt32(WorkerPool.spinSeconds * 3e6))
        }
        XCTAssertEqual((0..<4).map { counts[$0] }, [3, 3, 3, 3])
    }

    func testConcurrentCallersAllComplete() {
        let a = Matrix(rows: 40, cols: 30, seed: 1), b = Matrix(rows: 30, cols: 50, seed: 2)
        let expected = try! referenceMatmul(a, b)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            assertClose(sgemmMatrix(a, b, threads: 2), expected, tolerance: 1e-4, "concurrent sgemm")
        }
    }

    func testHealthySplitKeepsThePoolParallel() {
        var backoff = ContentionBackoff()
        let call = CallTiming(workersWereAwake: true, workersRanParts: true, ownWork: 40e-6, ownCPU: nil, waited: 2e-6)
        XCTAssertFalse(backoff.record(call, at: 1))
        XCTAssertTrue(backoff.allowsParallel(at: 1))
    }

    func testOneContendedCallAmongHealthyOnesKeepsThePoolParallel() {
        var backoff = ContentionBackoff()
        let absent = CallTiming(workersWereAwake: true, workersRanParts: false, ownWork: 80e-6, ownCPU: nil, waited: 0)
        let healthy = CallTiming(workersWereAwake: true, workersRanParts: true, ownWork: 40e-6, ownCPU: nil, waited: 1e-6)
        for time in stride(from: 1.0, to: 2.0, by: 0.1) {
            XCTAssertFalse(backoff.record(absent, at: time))
            XCTAssertFalse(backoff.record(healthy, at: time + 0.05))
        }
        XCTAssertTrue(backoff.allowsParallel(at: 2))
    }

    func testRepeatedContentionTurnsThePoolSerialForABackOffThatDoubles() {
        var backoff = ContentionBackoff()
        let absent = CallTiming(workersWereAwake: true, workersRanParts: false, ownWork: 80e-6, ownCPU: nil, waited: 0)
        XCTAssertFalse(backoff.record(absent, at: 1))
        XCTAssertTrue(backoff.record(absent, at: 1))
        XCTAssertFalse(backoff.allowsParallel(at: 1 + ContentionBackoff.minPeriod / 2))
        XCTAssertTrue(backoff.allowsParallel(at: 1 + ContentionBackoff.minPeriod))
        XCTAssertTrue(backoff.record(absent, at: 2), "still contended after the back-off")
        XCTAssertFalse(backoff.allowsParallel(at: 2 + ContentionBackoff.minPeriod * 1.5))
        let healthy = CallTiming(workersWereAwake: true, workersRanParts: true, ownWork: 40e-6, ownCPU: nil, waited: 1e-6)
        XCTAssertFalse(backoff.record(healthy, at: 3))
        XCTAssertEqual(backoff.period, ContentionBackoff.minPeriod)
    }

    func testLongWaitForAPreemptedWorkerCountsAsContention() {
        let preempted = CallTiming(workersWereAwake: true, workersRanParts: true, ownWork: 40e-6, ownCPU: nil, waited: 3e-3)
        XCTAssertTrue(ContentionBackoff.isContended(preempted))
    }

    func testACallerThatGotTooLittleCPUCountsAsContention() {
        let shared = CallTiming(workersWereAwake: true, workersRanParts: true, ownWork: 300e-6, ownCPU: 40e-6, waited: 0)
        XCTAssertTrue(ContentionBackoff.isContended(shared))
        let alone = CallTiming(workersWereAwake: true, workersRanParts: true, ownWork: 40e-6, ownCPU: 39e-6, waited: 0)
        XCTAssertFalse(ContentionBackoff.isContended(alone))
    }

    func testSleepingWorkersAreNotJudged() {
        let woken = CallTiming(workersWereAwake: false, workersRanParts: false, ownWork: 80e-6, ownCPU: nil, waited: 0)
        XCTAssertFalse(ContentionBackoff.isContended(woken))
    }

    func testSplitRangeCoversTheRangeOnGranuleBoundaries() {
        XCTAssertEqual(splitRange(100, parts: 3, granule: 16), [0..<32, 32..<64, 64..<100])
        XCTAssertEqual(splitRange(10, parts: 4, granule: 16), [0..<10])
        XCTAssertEqual(splitRange(0, parts: 2, granule: 8), [])
    }
}
