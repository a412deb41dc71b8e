import Foundation

/// Which CPUs this process may run on, and pinning to one of them (`sched_setaffinity`).
/// Lockstep pins base and head to the same CPU so they take turns on the same core,
/// caches and frequency. Glibc's affinity calls are GNU extensions the Swift module does
/// not import, so they are looked up by name.
public enum CPUAffinity {
    private typealias AffinityCall = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
    /// Bytes of the kernel's CPU mask passed (1024 CPUs, glibc's `cpu_set_t`).
    private static let maskBytes = 128

    private static func call(_ name: String) -> AffinityCall? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: AffinityCall.self)
    }

    /// The CPUs this process may run on (empty when the kernel does not say).
    public static func allowed() -> [Int] {
        guard let get = call("sched_getaffinity") else { return [] }
        var mask = [UInt8](repeating: 0, count: maskBytes)
        guard mask.withUnsafeMutableBytes({ get(0, maskBytes, $0.baseAddress!) }) == 0 else { return [] }
        return (0..<(maskBytes * 8)).filter { mask[$0 / 8] & (1 << ($0 % 8)) != 0 }
    }

    /// Pins this process to `cpu`. Returns nil on success, otherwise why the kernel
    /// refused (restricted affinity, a CPU that does not exist).
    public static func pin(to cpu: Int) -> String? { pin(to: [cpu]) }

    /// Lets this process run on `cpus` only; nil on success, otherwise why not.
    public static func pin(to cpus: [Int]) -> String? {
        guard let set = call("sched_setaffinity") else { return "sched_setaffinity is not available here" }
        guard !cpus.isEmpty else { return "no CPU given" }
        if let outside = cpus.first(where: { $0 < 0 || $0 >= maskBytes * 8 }) {
            return "CPU \(outside) is outside the affinity mask (0..<\(maskBytes * 8))"
        }
        var mask = [UInt8](repeating: 0, count: maskBytes)
        for cpu in cpus { mask[cpu / 8] |= UInt8(1 << (cpu % 8)) }
        guard mask.withUnsafeMutableBytes({ set(0, maskBytes, $0.baseAddress!) }) == 0 else {
            let which = cpus.count == 1 ? "CPU \(cpus[0])" : "CPUs \(cpus.map(String.init).joined(separator: ","))"
            return "sched_setaffinity to \(which) failed: \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// The CPU lockstep pairs share: the last allowed one (CPU 0 tends to take more
    /// interrupts), or nil when the allowed set is unknown.
    public static func lockstepCPU() -> Int? { allowed().last }
}
