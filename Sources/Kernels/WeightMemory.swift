#if canImport(Glibc)
import Glibc
#endif

/// Memory for weights packed at load. A product streams its weights every call; at 16 MiB
/// (int8 4096×4096) that is 4,096 pages of 4 KiB, more than the second-level TLB holds, so
/// every call walks page tables again. Buffers of `hugePageThreshold` bytes and more are
/// therefore aligned to 2 MiB and advised to Linux as huge pages (`MADV_HUGEPAGE`, which
/// transparent huge pages honour in their default "madvise" mode) before they are first
/// touched. Where the kernel refuses, they are ordinary pages; nothing else changes.
enum WeightMemory {
    /// The size of an x86-64 huge page.
    static let hugePage = 2 << 20
    /// From this size on a buffer is worth huge pages.
    static let hugePageThreshold = 4 << 20

    /// `count` elements of `T`, 64-byte aligned (2 MiB for large buffers), uninitialized;
    /// free with `deallocate()`.
    static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        let huge = bytes >= hugePageThreshold
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: huge ? hugePage : 64)
        #if os(Linux)
        if huge { _ = madvise(raw, roundUp(bytes, hugePage), MADV_HUGEPAGE) }
        #endif
        return raw.bindMemory(to: T.self, capacity: max(1, count))
    }
}

/// A zero-filled buffer of `count` elements (at least one) in `WeightMemory`, freed with
/// its owner: the storage of every kind of packed weights.
final class WeightBuffer<Element: AdditiveArithmetic>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(zeroed count: Int) {
        self.count = max(1, count)
        pointer = WeightMemory.allocate(Element.self, count: self.count)
        pointer.initialize(repeating: .zero, count: self.count)
    }

    deinit { pointer.deallocate() }
}
