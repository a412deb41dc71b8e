import BenchStats
import Foundation

/// Randomizes heap and stack placement per process (after Stabilizer), so that the
/// luck of where buffers land relative to pages and cache sets varies between process
/// repetitions and shows up as noise the statistics can see, instead of as a
/// systematic offset of one run.
public struct LayoutRandomizer {
    private var generator: SplitMix64
    private var fillers: [UnsafeMutableRawPointer] = []

    public init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// Allocates a random number of random-sized blocks that stay alive until `release`,
    /// shifting where the next allocations land.
    public mutating func perturbHeap() {
        let count = Int(generator.next() % 48)
        for _ in 0..<count {
            let size = 16 + Int(generator.next() % 8192)
            if let block = malloc(size) {
                memset(block, 0, size)
                fillers.append(block)
            }
        }
    }

    /// Runs `body` with the stack shifted by a random multiple of 16 bytes (up to 4 KiB).
    public mutating func withShiftedStack<R>(_ body: () throws -> R) rethrows -> R {
        let shift = 16 * (1 + Int(generator.next() % 256))
        return try withUnsafeTemporaryAllocation(byteCount: shift, alignment: 16) { buffer in
            buffer.baseAddress.map { $0.storeBytes(of: 0, as: UInt8.self) }
            return try body()
        }
    }

    public mutating func release() {
        fillers.forEach { free($0) }
        fillers.removeAll()
    }
}
