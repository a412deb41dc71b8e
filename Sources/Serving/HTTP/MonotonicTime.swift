import Glibc

/// Monotonic clock in nanoseconds.
@inline(__always) func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// Nanoseconds from `start` to `end` (default: now), or 0 when `end` is earlier. Clock
/// readings taken on different threads, or passed down from the top of a loop, can be
/// older than a stamp recorded meanwhile; every difference of readings goes through here
/// so that it saturates instead of trapping on unsigned overflow.
@inline(__always) func elapsed(since start: UInt64, until end: UInt64 = monotonicNanos()) -> UInt64 {
    end > start ? end - start : 0
}
