import Glibc

/// Linux epoll and eventfd, which the Glibc module map does not export.
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

    private typealias Wait2Fn = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, UnsafePointer<timespec>?, UnsafeRawPointer?) -> Int32

    private static func optionalSymbol<T>(_ name: String, as: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: T.self)
    }

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
    private static let wait2Fn = optionalSymbol("epoll_pwait2", as: Wait2Fn.self)
    nonisolated(unsafe) private static let eventFDFn = symbol("eventfd", as: EventFDFn.self)

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

    /// Waits at most `timeoutNanos` with nanosecond resolution where the C library and
    /// kernel offer `epoll_pwait2` (glibc 2.35, Linux 5.11), else rounded up to milliseconds.
    static func wait(_ epfd: Int32, _ events: Events, timeoutNanos: UInt64) -> Int32 {
        if let wait2Fn {
            var ts = timespec(tv_sec: Int(timeoutNanos / 1_000_000_000), tv_nsec: Int(timeoutNanos % 1_000_000_000))
            let n = wait2Fn(epfd, events.buffer, Int32(events.capacity), &ts, nil)
            if n >= 0 || errno != ENOSYS { return n }
        }
        return wait(epfd, events, timeoutMilliseconds: Int32(min(100_000, (timeoutNanos + 999_999) / 1_000_000)))
    }

    static func eventFD() -> Int32 { eventFDFn(0, nonBlocking | closeOnExec) }
}
