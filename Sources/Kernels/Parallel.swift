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
/// `spinSeconds` so back-to-back calls start at once. It polls without `sched_yield`: with
/// other processes running, a yielding poller lost its vCPU and took part in only 26-716 of
/// 2000 back-to-back two-part calls, against 1718-1997 without yielding. Parts are claimed
/// dynamically, so a worker that is late (asleep, or preempted) only finds fewer parts left:
/// the caller runs whatever nobody claimed and never waits for a worker that has not started.
/// Dispatch's concurrentPerform was measured to run both halves on one thread while other
/// processes kept the 2-core machine busy. One call uses the pool at a time; a concurrent
/// caller runs its parts serially instead of waiting.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// How long an idle worker polls for the next call before it sleeps.
    static let spinSeconds = 0.002
    /// How long a caller that finished its parts polls for the workers' before it blocks
    /// (a healthy split ends within a few microseconds of the caller's part).
    static let callerSpinSeconds = 50e-6

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
    /// Set when the pool turns serial: polling workers go to sleep at once.
    private let parkRequested = Atomic<Bool>(false)
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// The caller is blocked (or about to block) on `workDone`.
    private let callerBlocked = Atomic<Bool>(false)
    // Written only by the owning caller; read by workers after a successful claim (ordered by `state`).
    private var job: ((Int) -> Void)?
    private var workers = 0
    private var generationAtStart = 0
    private var backoff = ContentionBackoff()
    private var calls = 0
    /// Every this many calls the caller also reads its CPU time (a ~0.8 µs system call here).
    static let cpuSampleInterval = 4

    static let maxParts = (1 << 20) - 1
    private static let countShift = 20, generationShift = 40, fieldMask = (1 << 20) - 1, generationMask = (1 << 23) - 1

    private init() {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(workReady, nil)
        pthread_cond_init(workDone, nil)
    }

    func run(parts: Int, _ body: (Int) -> Void) {
        guard parts <= Self.maxParts, inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for part in 0..<parts { body(part) }
            return
        }
        let start = monotonicSeconds()
        guard backoff.allowsParallel(at: start) else {
            for part in 0..<parts { body(part) }
            inUse.store(false, ordering: .releasing)
            return
        }
        calls &+= 1
        let cpuStart = calls % Self.cpuSampleInterval == 0 ? threadCPUSeconds() : nil
        withoutActuallyEscaping(body) { body in
            let generation = ((state.load(ordering: .relaxed) >> Self.generationShift) + 1) & Self.generationMask
            generationAtStart = generation - 1
            let started = startWorkers(upTo: parts - 1)
            job = body
            unfinished.store(parts, ordering: .relaxed)
            parkRequested.store(false, ordering: .relaxed)
            state.store(generation << Self.generationShift | parts << Self.countShift, ordering: .sequentiallyConsistent)
            let asleep = sleepers.load(ordering: .sequentiallyConsistent) > 0
            if asleep {
                pthread_mutex_lock(lock)
                pthread_cond_broadcast(workReady)
                pthread_mutex_unlock(lock)
            }
            let ownParts = drainParts(of: generation)
            let ownDone = monotonicSeconds()
            let ownCPU = cpuStart.map { threadCPUSeconds() - $0 }
            waitForWorkers(since: ownDone)
            job = nil
            let end = monotonicSeconds()
            let call = CallTiming(workersWereAwake: !asleep && !started, workersRanParts: ownParts < parts,
                                  ownWork: ownDone - start, ownCPU: ownCPU, waited: end - ownDone)
            if backoff.record(call, at: end) { parkRequested.store(true, ordering: .relaxed) }
        }
        inUse.store(false, ordering: .releasing)
    }

    /// Polls for the workers' parts for `callerSpinSeconds`, then blocks. A caller that kept
    /// polling would keep its vCPU busy, so the scheduler could not move a worker that shares
    /// the other vCPU with another process onto it (the suspected cause of 2-thread 1024³
    /// runs at half speed; the VM was too noisy to confirm it either way).
    private func waitForWorkers(since start: Double) {
        var polls = 0
        while unfinished.load(ordering: .acquiring) > 0 {
            polls += 1
            if polls & 63 == 0, monotonicSeconds() > start + Self.callerSpinSeconds { break }
        }
        guard unfinished.load(ordering: .acquiring) > 0 else { return }
        pthread_mutex_lock(lock)
        callerBlocked.store(true, ordering: .sequentiallyConsistent)
        while unfinished.load(ordering: .sequentiallyConsistent) > 0 { pthread_cond_wait(workDone, lock) }
        callerBlocked.store(false, ordering: .relaxed)
        pthread_mutex_unlock(lock)
    }

    /// Claims and runs parts of call `generation` until none is left; returns how many it ran.
    @discardableResult
    private func drainParts(of generation: Int) -> Int {
        var ran = 0
        var current = state.load(ordering: .relaxed)
        while current >> Self.generationShift == generation,
              current & Self.fieldMask < current >> Self.countShift & Self.fieldMask {
            let (claimed, found) = state.compareExchange(expected: current, desired: current + 1,
                                                         successOrdering: .acquiring, failureOrdering: .relaxed)
            if claimed {
                job!(current & Self.fieldMask)
                if unfinished.subtract(1, ordering: .sequentiallyConsistent).newValue == 0,
                   callerBlocked.load(ordering: .sequentiallyConsistent) {
                    pthread_mutex_lock(lock)
                    pthread_cond_signal(workDone)
                    pthread_mutex_unlock(lock)
                }
                ran += 1
                current = state.load(ordering: .relaxed)
            } else {
                current = found
            }
        }
        return ran
    }

    /// Called by the owning caller only; returns whether it started any.
    private func startWorkers(upTo count: Int) -> Bool {
        let before = workers
        while workers < min(count, 63) {
            var thread = pthread_t()
            let context = Unmanaged.passUnretained(self).toOpaque()
            guard pthread_create(&thread, nil, { context in
                Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue().workerLoop()
                return nil
            }, context) == 0 else { break }
            pthread_detach(thread)
            workers += 1
        }
        return workers > before
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
                if monotonicSeconds() > deadline || parkRequested.load(ordering: .relaxed) { break }
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

/// What the caller saw of one parallel call.
struct CallTiming {
    /// No worker was asleep or newly started when the call was published.
    var workersWereAwake: Bool
    /// Workers ran at least one part.
    var workersRanParts: Bool
    /// Seconds the caller spent running parts, the CPU seconds it got meanwhile (when
    /// sampled), and the seconds it then waited for the workers' parts.
    var ownWork: Double, ownCPU: Double?, waited: Double
}

/// When other processes keep the vCPUs busy, three things go wrong, all measured on this
/// 2-vCPU VM: a polling worker that gets no CPU of its own shares the caller's and halves
/// its speed while the caller runs every part; caller and worker take turns on one vCPU
/// (the caller's ~70 µs part took 300-500 µs); a worker preempted with a claimed part keeps
/// the caller waiting (0.15-4 ms; two threads ran 1×3072×768 3× slower than one). Calls that
/// keep showing any of them switch the pool to serial for a back-off period (2 ms, doubling
/// up to 64 ms while it keeps happening); polling workers are told to sleep. With a busy
/// loop on one vCPU, two threads then ran at 0.9-1.6× the speed of one (noisy).
struct ContentionBackoff {
    /// Serial until this time (monotonic seconds).
    private(set) var serialUntil = 0.0
    private(set) var period = ContentionBackoff.minPeriod

    static let minPeriod = 0.002, maxPeriod = 0.064
    /// A wait counts as contention above this share of the caller's own work plus `slack`:
    /// at 1, the call took about as long as one thread alone (a healthy split ends within a
    /// few microseconds of the caller's part; a preempted worker's wait was 0.2-4 ms).
    static let waitShare = 1.0, slack = 20e-6

    func allowsParallel(at time: Double) -> Bool { time >= serialUntil }

    /// Below this share of CPU time over its own work, the caller was sharing its vCPU.
    static let cpuShare = 0.75

    /// Whether the call shows contention: awake workers that ran nothing, a caller that got
    /// too little CPU time, or a long wait. Workers that were asleep are not judged on
    /// running nothing: a wake-up takes longer than a short call.
    static func isContended(_ call: CallTiming) -> Bool {
        if call.workersWereAwake && !call.workersRanParts { return true }
        if let cpu = call.ownCPU, cpu < cpuShare * call.ownWork { return true }
        return call.waited > waitShare * call.ownWork + slack
    }

    /// Contended calls, less one per healthy call since; at `strikeLimit` the pool turns
    /// serial. A single preemption of ~150 µs costs less than a serial period (a 2 ms period
    /// at 1×3072×768 lost ~1 ms), so only repeated contention counts.
    private(set) var strikes = 0
    static let strikeLimit = 2

    /// Records a call; returns true when the pool turns serial.
    mutating func record(_ call: CallTiming, at time: Double) -> Bool {
        if Self.isContended(call) {
            strikes += 1
            guard strikes >= Self.strikeLimit else { return false }
            serialUntil = time + period
            period = min(period * 2, Self.maxPeriod)
            strikes = Self.strikeLimit - 1
            return true
        }
        if call.workersRanParts {
            strikes = max(0, strikes - 1)
            if strikes == 0 { period = Self.minPeriod }
        }
        return false
    }
}

/// CPU time of the calling thread.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

func monotonicSeconds() -> Double {
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
