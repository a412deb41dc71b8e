#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A value handed to worker threads that the compiler cannot prove thread-safe (raw
/// pointers). Safe here because each worker writes a disjoint part of the output.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// How many of `threads` are worth using for `flops` floating-point operations: a part
/// handed to a worker should take several microseconds, or the hand-off (a cache-line round
/// trip to a polling worker, far more to a sleeping one) eats the gain.
func usefulThreads(_ threads: Int, flops: Int) -> Int {
    max(1, min(threads, flops / minFlopsPerThread))
}

/// About 5 µs of SGEMM work at 40-80 GFLOP/s.
let minFlopsPerThread = 300_000

/// Runs `body(part)` for part in 0..<parts, concurrently when parts > 1, on the calling
/// thread plus persistent worker threads (see `WorkerPool`).
func parallelFor(parts: Int, _ body: (Int) -> Void) {
    if parts <= 1 {
        if parts == 1 { body(0) }
        return
    }
    WorkerPool.shared.run(parts: parts, body)
}

/// Persistent pthreads that hand out parts through one atomic word and spin briefly between
/// calls before sleeping on a condition variable. A 2-way split of a ~75 µs product gains
/// nothing if waking the second vCPU costs tens of microseconds (a futex wake-up on KVM):
/// like OpenBLAS's server threads, a worker that finished a call keeps polling for
/// `spinSeconds` so back-to-back calls start at once. Parts are claimed dynamically, so a
/// worker that is late (asleep, or preempted by another process) only finds fewer parts left;
/// the caller runs whatever nobody claimed and never waits for a worker that has not started.
/// Dispatch's concurrentPerform was measured to run both halves on one thread while other
/// processes kept the 2-core machine busy. One call uses the pool at a time; a concurrent
/// caller runs its parts serially instead of waiting.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// How long an idle worker polls for the next call before it sleeps.
    static let spinSeconds = 0.002

    /// The current call: generation (bits 40...62), part count (20...39), next unclaimed
    /// part (0...19). Claiming a part is one compare-and-swap that also checks the generation,
    /// so a worker can never claim a part of a call that has already finished.
    private let state = Atomic<Int>(0)
    /// Parts of the current call not yet finished.
    private let unfinished = Atomic<Int>(0)
    /// Workers blocked (or about to block) on `workReady`.
    private let sleepers = Atomic<Int>(0)
    /// Held by the caller that owns the pool.
    private let inUse = Atomic<Bool>(false)
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Written only by the owning caller; read by workers after a successful claim (ordered by `state`).
    private var job: ((Int) -> Void)?
    private var workers = 0
    private var generationAtStart = 0

    static let maxParts = (1 << 20) - 1
    private static let countShift = 20, generationShift = 40, fieldMask = (1 << 20) - 1, generationMask = (1 << 23) - 1

    private init() {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(workReady, nil)
    }

    func run(parts: Int, _ body: (Int) -> Void) {
        guard parts <= Self.maxParts, inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for part in 0..<parts { body(part) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let generation = ((state.load(ordering: .relaxed) >> Self.generationShift) + 1) & Self.generationMask
            generationAtStart = generation - 1
            startWorkers(upTo: parts - 1)
            job = body
            unfinished.store(parts, ordering: .relaxed)
            state.store(generation << Self.generationShift | parts << Self.countShift, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(lock)
                pthread_cond_broadcast(workReady)
                pthread_mutex_unlock(lock)
            }
            drainParts(of: generation)
            while unfinished.load(ordering: .acquiring) > 0 {}
            job = nil
        }
        inUse.store(false, ordering: .releasing)
    }

    /// Claims and runs parts of call `generation` until none is left.
    private func drainParts(of generation: Int) {
        var current = state.load(ordering: .relaxed)
        while current >> Self.generationShift == generation,
              current & Self.fieldMask < current >> Self.countShift & Self.fieldMask {
            let (claimed, found) = state.compareExchange(expected: current, desired: current + 1,
                                                         successOrdering: .acquiring, failureOrdering: .relaxed)
            if claimed {
                job!(current & Self.fieldMask)
                unfinished.subtract(1, ordering: .releasing)
                current = state.load(ordering: .relaxed)
            } else {
                current = found
            }
        }
    }

    /// Called by the owning caller only.
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
        var seen = generationAtStart
        while true {
            seen = nextGeneration(after: seen)
            drainParts(of: seen)
        }
    }

    /// Polls for a call newer than `seen` for `spinSeconds`, then sleeps until one comes.
    private func nextGeneration(after seen: Int) -> Int {
        let deadline = monotonicSeconds() + Self.spinSeconds
        var polls = 0
        while true {
            let generation = state.load(ordering: .acquiring) >> Self.generationShift
            if generation != seen { return generation }
            polls += 1
            if polls & 63 == 0 {
                if monotonicSeconds() > deadline { break }
            }
        }
        pthread_mutex_lock(lock)
        sleepers.add(1, ordering: .sequentiallyConsistent)
        while state.load(ordering: .sequentiallyConsistent) >> Self.generationShift == seen {
            pthread_cond_wait(workReady, lock)
        }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(lock)
        return state.load(ordering: .acquiring) >> Self.generationShift
    }
}

private func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
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
