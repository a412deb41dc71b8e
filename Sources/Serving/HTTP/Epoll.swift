import Glibc

/// Linux epoll, eventfd and timerfd, which the Glibc module map does not export.
/// The functions are looked up with `dlsym` and called through C function pointers;
/// `epoll_event` is packed on x86-64 (12 bytes), so events live in raw byte buffers.
enum Epoll {
    static let input: UInt32 = 0x001
    static let output: UInt32 = 0x004
    static let error: UInt32 = 0x008
    static let hangUp: UInt32 = 0x010
    static let readHangUp: UInt32 = 0x2000
    static let add: Int32 = 1
    static let delete: Int32 = 2
    static let modify: Int32 = 3
    static let closeOnExec: Int32 = 0o2000000
    static let nonBlocking: Int32 = 0o4000

    #if arch(x86_64)
    static let eventSize = 12
    static let dataOffset = 4
    #else
    static let eventSize = 16
    static let dataOffset = 8
    #endif

    private typealias CreateFn = @convention(c) (Int32) -> Int32
    private typealias ControlFn = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias WaitFn = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    private typealias EventFDFn = @convention(c) (UInt32, Int32) -> Int32
    private typealias TimerCreateFn = @convention(c) (Int32, Int32) -> Int32
    private typealias TimerSetFn = @convention(c) (Int32, Int32, UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32

    private static func symbol<T>(_ name: String, as: T.Type) -> T {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else {
            // The C library of every Linux since 2.6.27 has these; their absence is not an input error.
            fatalError("libc lacks \(name)")
        }
        return unsafeBitCast(pointer, to: T.self)
    }

    nonisolated(unsafe) private static let createFn = symbol("epoll_create1", as: CreateFn.self)
    nonisolated(unsafe) private static let controlFn = symbol("epoll_ctl", as: ControlFn.self)
    nonisolated(unsafe) private static let waitFn = symbol("epoll_wait", as: WaitFn.self)
    nonisolated(unsafe) private static let eventFDFn = symbol("eventfd", as: EventFDFn.self)
    nonisolated(unsafe) private static let timerCreateFn = symbol("timerfd_create", as: TimerCreateFn.self)
    nonisolated(unsafe) private static let timerSetFn = symbol("timerfd_settime", as: TimerSetFn.self)

    static func create() -> Int32 { createFn(closeOnExec) }

    /// Adds, modifies or deletes `fd` with an event mask and a 64-bit tag.
    @discardableResult
    static func control(_ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32 = 0, tag: UInt64 = 0) -> Int32 {
        var raw = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &raw) { buffer in
            buffer.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            buffer.storeBytes(of: tag, toByteOffset: dataOffset, as: UInt64.self)
            return controlFn(epfd, op, fd, buffer.baseAddress)
        }
    }

    /// A buffer for `epoll_wait` results.
    struct Events {
        let capacity: Int
        let buffer: UnsafeMutableRawPointer
        init(capacity: Int) {
            self.capacity = capacity
            buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity * eventSize, alignment: 8)
        }
        func deallocate() { buffer.deallocate() }
        func events(_ i: Int) -> UInt32 { buffer.loadUnaligned(fromByteOffset: i * eventSize, as: UInt32.self) }
        func tag(_ i: Int) -> UInt64 { buffer.loadUnaligned(fromByteOffset: i * eventSize + dataOffset, as: UInt64.self) }
    }

    static func wait(_ epfd: Int32, _ events: Events, timeoutMilliseconds: Int32) -> Int32 {
        waitFn(epfd, events.buffer, Int32(events.capacity), timeoutMilliseconds)
    }

    static func eventFD() -> Int32 { eventFDFn(0, nonBlocking | closeOnExec) }

    /// A non-blocking CLOCK_MONOTONIC timer descriptor.
    static func timerFD() -> Int32 { timerCreateFn(CLOCK_MONOTONIC, nonBlocking | closeOnExec) }

    /// Arms `fd` to fire once at the absolute monotonic time `nanos` (0 disarms).
    static func arm(timer fd: Int32, atMonotonicNanos nanos: UInt64) {
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(nanos / 1_000_000_000)
        spec.it_value.tv_nsec = Int(nanos % 1_000_000_000)
        _ = timerSetFn(fd, 1 /* TFD_TIMER_ABSTIME */, &spec, nil)
    }
}
