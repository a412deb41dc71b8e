import Foundation

/// The monotonic clock the engine times with, and what reading it costs.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point; never goes backwards.
    @inline(__always)
    public static func now() -> UInt64 { nanoseconds(of: CLOCK_MONOTONIC) }

    /// Median cost of one clock read and the smallest non-zero step seen, in ns.
    public static func characterize(reads: Int = 20_000) -> (overheadNs: Double, resolutionNs: Double) {
        var deltas = [UInt64]()
        deltas.reserveCapacity(reads)
        var previous = now()
        for _ in 0..<reads {
            let current = now()
            deltas.append(current &- previous)
            previous = current
        }
        deltas.sort()
        let overhead = Double(deltas[deltas.count / 2])
        let smallestStep = deltas.first { $0 > 0 }.map(Double.init) ?? 1
        var res = timespec()
        clock_getres(CLOCK_MONOTONIC, &res)
        let declared = Double(res.tv_sec) * 1e9 + Double(res.tv_nsec)
        return (overhead, max(declared, min(smallestStep, overhead > 0 ? overhead : smallestStep)))
    }
}

/// The CPU time this process has used, all threads together (Google Benchmark's
/// `cpu_time` under `MeasureProcessCPUTime`): beside wall-clock time it shows time spent
/// blocked (less CPU than wall) and work spread over threads (more).
public enum ProcessCPUClock {
    /// Nanoseconds of CPU time used by the process so far.
    @inline(__always)
    public static func now() -> UInt64 { nanoseconds(of: CLOCK_PROCESS_CPUTIME_ID) }
}

/// A POSIX clock's reading in nanoseconds.
@inline(__always)
private func nanoseconds(of clock: clockid_t) -> UInt64 {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}
