import BenchStats
import Foundation
import Synchronization
import XCTest
@testable import Serving

final class DynamicBatcherTests: XCTestCase {
    /// Records batches; the model doubles each input value so answers can be checked.
    private final class Recorder: @unchecked Sendable {
        let lock = NSLock()
        var batches: [BatchRecord] = []
        var answers: [Int: [Float]] = [:]
        var order: [Int] = []
    }

    private func makeBatcher(_ config: BatchingConfiguration, _ recorder: Recorder, slow: Bool = false) -> DynamicBatcher {
        DynamicBatcher(configuration: config, inputWidth: 2, outputWidth: 2,
                       onBatch: { r in recorder.lock.withLock { recorder.batches.append(r) } },
                       execute: { input, rows in
                           if slow { usleep(2000) }
                           XCTAssertEqual(input.count, rows * 2)
                           return input.map { $0 * 2 }
                       })
    }

    func testNeverExceedsSizeNeverLosesOrReordersAnswers() {
        let recorder = Recorder()
        let config = BatchingConfiguration(enabled: true, maxBatchSize: 8, maxQueueDelayMicroseconds: 2000)
        let batcher = makeBatcher(config, recorder, slow: true)
        let done = DispatchGroup()
        var rng = SplitMix64(seed: 1)
        for id in 0..<500 {
            let rows = 1 + Int(rng.next() % 3)
            let input = (0..<(rows * 2)).map { Float(id * 10 + $0) }
            done.enter()
            batcher.submit(input, rows: rows) { output in
                recorder.lock.withLock {
                    recorder.answers[id] = Array(output)
                    recorder.order.append(id)
                }
                done.leave()
            }
            if id % 50 == 0 { usleep(1000) }
        }
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success)
        batcher.stop()
        XCTAssertEqual(recorder.order, Array(0..<500), "answers come back in arrival order")
        for (id, answer) in recorder.answers {
            XCTAssertEqual(answer, (0..<answer.count).map { Float(id * 10 + $0) * 2 }, "request \(id) got its own rows")
        }
        XCTAssertTrue(recorder.batches.allSatisfy { $0.rows <= 8 })
        XCTAssertGreaterThan(recorder.batches.map(\.rows).max() ?? 0, 4, "a busy queue forms large batches")
        XCTAssertEqual(recorder.batches.map(\.requests).reduce(0, +), 500)
    }

    func testPartialBatchWaitsNoLongerThanTheDelay() {
        let recorder = Recorder()
        let batcher = makeBatcher(BatchingConfiguration(enabled: true, maxBatchSize: 64, maxQueueDelayMicroseconds: 20_000), recorder)
        let done = DispatchGroup()
        let started = Date()
        for _ in 0..<3 {
            done.enter()
            batcher.submit([1, 2], rows: 1) { _ in done.leave() }
        }
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
        let elapsed = Date().timeIntervalSince(started)
        batcher.stop()
        XCTAssertEqual(recorder.batches.count, 1)
        XCTAssertEqual(recorder.batches[0].rows, 3)
        XCTAssertGreaterThanOrEqual(Double(recorder.batches[0].oldestWaitNanos) / 1e9, 0.019)
        XCTAssertLessThan(elapsed, 0.5)
        XCTAssertLessThan(Double(recorder.batches[0].oldestWaitNanos) / 1e9, 0.1)
    }

    func testFullBatchGoesAtOnceWithoutWaitingForTheDelay() {
        let recorder = Recorder()
        let batcher = makeBatcher(BatchingConfiguration(enabled: true, maxBatchSize: 4, maxQueueDelayMicroseconds: 5_000_000), recorder)
        let done = DispatchGroup()
        let started = Date()
        for _ in 0..<4 {
            done.enter()
            batcher.submit([1, 2], rows: 1) { _ in done.leave() }
        }
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "a full batch does not wait out the 5 s delay")
        batcher.stop()
        XCTAssertEqual(recorder.batches.map(\.rows), [4])
    }

    func testZeroDelayTakesWhatIsQueuedAndStopDrainsTheQueue() {
        let recorder = Recorder()
        let batcher = makeBatcher(BatchingConfiguration(enabled: true, maxBatchSize: 16, maxQueueDelayMicroseconds: 0), recorder, slow: true)
        let answered = Atomic<Int>(0)
        for _ in 0..<40 { batcher.submit([1, 2], rows: 1) { _ in answered.add(1, ordering: .relaxed) } }
        batcher.stop()
        XCTAssertEqual(answered.load(ordering: .relaxed), 40)
        XCTAssertFalse(batcher.submit([1, 2], rows: 1) { _ in }, "a stopped batcher refuses work")
        XCTAssertTrue(recorder.batches.allSatisfy { $0.rows <= 16 })
    }
}
