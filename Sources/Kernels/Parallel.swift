#if canImport(Glibc)
import Glibc
#endif

/// A value handed to worker threads that the compiler cannot prove thread-safe (raw
/// pointers). Safe here because each worker writes a disjoint part of the output.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// Runs `body(part)` for part in 0..<parts, concurrently when parts > 1, on the calling
/// thread plus persistent worker threads (see `WorkerPool`).
func parallelFor(parts: Int, _ body: (Int) -> Void) {
    if parts <= 1 {
        if parts == 1 { body(0) }
        return
    }
    WorkerPool.shared.run(parts: parts, body)
}

/// Persistent pthreads that sleep on a condition variable between calls. Dispatch's
/// concurrentPerform was measured to run both halves on one thread while other processes
/// kept the 2-core machine busy (its pool does not add workers under load); plain threads
/// are scheduled like OpenBLAS's. One call uses the pool at a time; a concurrent caller
/// runs its parts serially instead of waiting.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let callLock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `lock`.
    private var job: ((Int) -> Void)?
    private var generation = 0
    private var nextPart = 0
    private var partCount = 0
    private var unfinished = 0
    private var workers = 0

    private init() {
        pthread_mutex_init(lock, nil)
        pthread_mutex_init(callLock, nil)
        pthread_cond_init(workReady, nil)
        pthread_cond_init(workDone, nil)
    }

    func run(parts: Int, _ body: (Int) -> Void) {
        guard pthread_mutex_trylock(callLock) == 0 else {
            for part in 0..<parts { body(part) }
            return
        }
        defer { pthread_mutex_unlock(callLock) }
        withoutActuallyEscaping(body) { body in
            pthread_mutex_lock(lock)
            startWorkers(upTo: parts - 1)
            job = body
            generation += 1
            nextPart = 0
            partCount = parts
            unfinished = parts
            pthread_cond_broadcast(workReady)
            drainParts()
            while unfinished > 0 { pthread_cond_wait(workDone, lock) }
            job = nil
            pthread_mutex_unlock(lock)
        }
    }

    /// Runs parts until none is left; called with `lock` held, returns with it held.
    private func drainParts() {
        while nextPart < partCount, let job {
            let part = nextPart
            nextPart += 1
            pthread_mutex_unlock(lock)
            job(part)
            pthread_mutex_lock(lock)
            unfinished -= 1
            if unfinished == 0 { pthread_cond_broadcast(workDone) }
        }
    }

    /// Called with `lock` held.
    private func startWorkers(upTo count: Int) {
        while workers < min(count, 63) {
            var thread = pthread_t()
            let context = Unmanaged.passUnretained(self).toOpaque()
            guard pthread_create(&thread, nil, { context in
                Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue().workerLoop()
                return nil
            }, context) == 0 else { return }
            pthread_detach(thread)
            workers += 1
        }
    }

    private func workerLoop() {
        pthread_mutex_lock(lock)
        var seen = generation
        while true {
            while generation == seen { pthread_cond_wait(workReady, lock) }
            seen = generation
            drainParts()
        }
    }
}

/// Splits [0, count) into `parts` contiguous ranges whose boundaries are multiples of
/// `granule` (except the end); empty ranges are dropped.
func splitRange(_ count: Int, parts: Int, granule: Int) -> [Range<Int>] {
    let units = (count + granule - 1) / granule
    let parts = max(1, min(parts, units))
    var ranges: [Range<Int>] = []
    var start = 0
    for part in 0..<parts {
        let endUnit = units * (part + 1) / parts
        let end = min(count, endUnit * granule)
        if end > start { ranges.append(start..<end) }
        start = end
    }
    return ranges
}

/// Allocates a 64-byte-aligned scratch buffer for the duration of `body`.
func withAlignedBuffer<T, R>(of _: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) -> R) -> R {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
    defer { raw.deallocate() }
    return body(raw.bindMemory(to: T.self, capacity: max(count, 1)))
}
