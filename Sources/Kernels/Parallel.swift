import Dispatch

/// A value handed to worker threads that the compiler cannot prove thread-safe (raw
/// pointers). Safe here because each worker writes a disjoint part of the output.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// Runs `body(part)` for part in 0..<parts, concurrently when parts > 1.
func parallelFor(parts: Int, _ body: (Int) -> Void) {
    if parts <= 1 {
        body(0)
        return
    }
    withoutActuallyEscaping(body) { escapable in
        let box = UnsafeSendable(value: escapable)
        DispatchQueue.concurrentPerform(iterations: parts) { box.value($0) }
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
