import Glibc
import XCTest
@testable import BenchKit

final class HardwareCountersTests: XCTestCase {
    /// Software task clock (ns): available in virtual machines that have no hardware
    /// counters, so the system call, read format and arithmetic are exercised anyway.
    private let taskClock = HardwareCounters.Event(type: 1, config: 1)

    func testWithoutHardwareCountersNormalRunsRecordNoCounterMetrics() throws {
        if HardwareCounters.shared != nil { throw XCTSkip("this machine has hardware counters") }
        XCTAssertThrowsError(try HardwareCounters.open()) { error in
            let errno = (error as? HardwareCounters.Unavailable)?.errno
            XCTAssertTrue([ENOENT, EACCES, EOPNOTSUPP, ENODEV, EPERM, ENOSYS].contains(errno ?? 0), "\(error)")
        }
        let benchmark = Benchmark("work", summary: "") { _ in Workload(body: { blackHole(1) }) }
        let instance = PlannedBenchmark(benchmark: benchmark, parameters: Parameters([:]), name: "work",
                                        timeBudget: 0.005, warmup: 0.001, threshold: nil)
        let runner = InProcessRunner(timerOverheadNs: 20, seed: 1, progress: ProgressReporter(style: .quiet))
        let metrics = try XCTUnwrap(runner.run([instance]).first).metrics
        XCTAssertNotNil(metrics["time"])
        XCTAssertNil(metrics["instructions"])
        XCTAssertNil(metrics["cycles"])
    }

    func testCountersGivePerOperationSamplesNamingTheirSource() throws {
        let counters: HardwareCounters
        do {
            counters = try HardwareCounters.open(taskClock, taskClock)
        } catch {
            throw XCTSkip("perf_event_open offers not even software events here: \(error)")
        }
        let busy = counters.measure({ var x = 0; for i in 0..<identity(20_000) { x &+= i }; blackHole(x) },
                                    iterations: 5, samples: 3)
        let samples = try XCTUnwrap(busy["instructions"]?.samples)
        XCTAssertEqual(samples.count, 1, "one process, one inner array")
        XCTAssertEqual(samples[0].count, 3)
        XCTAssertEqual(busy["instructions"]?.source, "perf_event")
        XCTAssertEqual(busy["cycles"]?.unit, "cycles")
        XCTAssertEqual(busy["cycles"]?.better, .lower)
        // Task clock in ns: a busy body takes microseconds; an empty one, after the
        // calibration has cancelled the loop, next to nothing.
        let empty = try XCTUnwrap(counters.measure({}, iterations: 5, samples: 3)["instructions"]?.samples?[0])
        XCTAssertGreaterThan(samples[0].min() ?? 0, 1_000)
        XCTAssertLessThan(empty.max() ?? .infinity, samples[0].min() ?? 0)
    }
}
