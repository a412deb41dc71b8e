import Foundation

/// The CPU's own instruction and cycle counters, read through Linux `perf_event_open`,
/// for this thread in user space. Many virtual machines and containers offer none
/// (the call fails with ENOENT, EACCES or EOPNOTSUPP); then `shared` is nil and normal
/// runs simply record no counter metrics.
public final class HardwareCounters: Sendable {
    /// The counters of this process, opened on first use; nil where the kernel has none.
    public static let shared: HardwareCounters? = try? open(.instructions, .cycles)

    private let instructions: Int32
    private let cycles: Int32

    private init(instructions: Int32, cycles: Int32) {
        self.instructions = instructions
        self.cycles = cycles
    }

    deinit {
        close(instructions)
        close(cycles)
    }

    /// Why the counters could not be opened: the `errno` of `perf_event_open`.
    public struct Unavailable: Error, Equatable {
        public let errno: Int32
    }

    /// A perf event: its `type` (0 = hardware, 1 = software) and `config`.
    struct Event: Sendable {
        let type: UInt32
        let config: UInt64
        static let instructions = Event(type: 0, config: 1)  // PERF_COUNT_HW_INSTRUCTIONS
        static let cycles = Event(type: 0, config: 0)  // PERF_COUNT_HW_CPU_CYCLES
    }

    /// Opens both counters, or throws the `errno` of the first that fails. Tests pass
    /// software events, which work where hardware counters do not.
    static func open(_ first: Event = .instructions, _ second: Event = .cycles) throws -> HardwareCounters {
        let instructions = try openCounter(first)
        let cycles: Int32
        do {
            cycles = try openCounter(second)
        } catch {
            close(instructions)
            throw error
        }
        return HardwareCounters(instructions: instructions, cycles: cycles)
    }

    /// Per-operation `instructions` and `cycles` of `body`: `samples` rounds of
    /// `iterations` calls, each minus the same number of calls of an empty body (the
    /// loop and the call), recorded as samples with `source: "perf_event"`. Rounds in
    /// which the kernel multiplexed a counter (it did not count the whole time) are
    /// dropped; with none left, no metrics.
    public func measure(_ body: () -> Void, iterations: Int, samples: Int = 5) -> [String: MetricResult] {
        let empty = MeasuredRegion.makeEmptyBody()
        var instructionSamples: [Double] = [], cycleSamples: [Double] = []
        for _ in 0..<samples {
            guard let bodyCounts = count(body, iterations: iterations),
                  let emptyCounts = count(empty, iterations: iterations) else { continue }
            instructionSamples.append(max(bodyCounts.instructions - emptyCounts.instructions, 0) / Double(iterations))
            cycleSamples.append(max(bodyCounts.cycles - emptyCounts.cycles, 0) / Double(iterations))
        }
        guard !instructionSamples.isEmpty else { return [:] }
        var instructions = MetricResult(unit: "instructions", better: .lower, samples: [instructionSamples])
        instructions.source = "perf_event"
        var cycles = MetricResult(unit: "cycles", better: .lower, samples: [cycleSamples])
        cycles.source = "perf_event"
        return ["instructions": instructions, "cycles": cycles]
    }

    /// Counts of one region of `iterations` calls, or nil if a counter was multiplexed.
    private func count(_ body: () -> Void, iterations: Int) -> (instructions: Double, cycles: Double)? {
        guard let instructionsBefore = read(instructions), let cyclesBefore = read(cycles) else { return nil }
        MeasuredRegion.run(body, iterations: iterations)
        guard let instructionsAfter = read(instructions), let cyclesAfter = read(cycles) else { return nil }
        return (Double(instructionsAfter &- instructionsBefore), Double(cyclesAfter &- cyclesBefore))
    }

    /// The counter's value, or nil if it was not counting all the time it was enabled.
    private func read(_ descriptor: Int32) -> UInt64? {
        // read_format = TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING: value, enabled, running.
        var fields: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let size = MemoryLayout.size(ofValue: fields)
        guard Glibc.read(descriptor, &fields, size) == size, fields.1 == fields.2 else { return nil }
        return fields.0
    }

    /// `perf_event_open` for a hardware event of this thread, user space only, counting
    /// from now on. The attribute is the original 64-byte layout (PERF_ATTR_SIZE_VER0),
    /// which every kernel accepts; fields are written at their ABI offsets.
    private static func openCounter(_ event: Event) throws -> Int32 {
        guard let perfEventOpen = SystemCall.perfEventOpen else { throw Unavailable(errno: ENOSYS) }
        var attribute = [UInt8](repeating: 0, count: 64)
        attribute.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: event.type, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: UInt32(64), toByteOffset: 4, as: UInt32.self)  // size
            bytes.storeBytes(of: event.config, toByteOffset: 8, as: UInt64.self)
            bytes.storeBytes(of: UInt64(1 | 2), toByteOffset: 32, as: UInt64.self)  // read_format
            // Flags: exclude_kernel (bit 5) and exclude_hv (bit 6), allowed unprivileged.
            bytes.storeBytes(of: UInt64(1 << 5 | 1 << 6), toByteOffset: 40, as: UInt64.self)
        }
        let descriptor = attribute.withUnsafeBytes { bytes in
            perfEventOpen.call(SystemCall.perfEventOpenNumber, bytes.baseAddress!, 0, -1, -1, 0)
        }
        guard descriptor >= 0 else { throw Unavailable(errno: errno) }
        return Int32(descriptor)
    }
}

/// Glibc's `syscall`, which Swift does not import (it is variadic), called through a
/// fixed six-argument prototype; on x86-64 and arm64 integer arguments pass in the same
/// registers either way.
private struct SystemCall: Sendable {
    typealias Prototype = @convention(c) (Int, UnsafeRawPointer, Int32, Int32, Int32, UInt) -> Int
    let call: Prototype

    static let perfEventOpen: SystemCall? = {
        guard perfEventOpenNumber > 0, let symbol = dlsym(dlopen(nil, RTLD_NOW), "syscall") else { return nil }
        return SystemCall(call: unsafeBitCast(symbol, to: Prototype.self))
    }()

    /// `SYS_perf_event_open` (Swift does not import the macro); 0 where unknown.
    static var perfEventOpenNumber: Int {
        #if arch(x86_64)
        return 298
        #elseif arch(arm64)
        return 241
        #else
        return 0
        #endif
    }
}
