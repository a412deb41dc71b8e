import Glibc

/// How an open-loop engine thread is scheduled. It sleeps until each arrival is due; as a
/// normal thread it then waits for a core behind every other runnable thread (milliseconds
/// on a busy machine, up to 133 ms measured here) and its timer fires up to 50 µs late
/// (the default timer slack), which is send delay of the generator's own making. With the
/// lowest real-time priority (SCHED_FIFO 1) it runs as soon as its timer fires, with no
/// slack; it still sleeps between arrivals, so it takes no more CPU than before.
public enum EngineScheduling: String, Codable, Sendable {
    case realtime
    case normal

    /// Gives the calling thread real-time priority where permitted (CAP_SYS_NICE, or an
    /// RLIMIT_RTPRIO allowance), else the smallest timer slack; says which it got.
    static func raiseCallingThread() -> EngineScheduling {
        var parameters = sched_param()
        parameters.sched_priority = 1
        if sched_setscheduler(0, SCHED_FIFO, &parameters) == 0 { return .realtime }
        let fd = open("/proc/thread-self/timerslack_ns", O_WRONLY)
        if fd >= 0 {
            _ = write(fd, "1", 1)
            close(fd)
        }
        return .normal
    }
}
