import Glibc

/// A failed system call, with the call's name, errno and what was being attempted.
public struct SocketError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32
    public let context: String

    init(_ operation: String, _ context: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
        self.context = context
    }

    public var description: String {
        "\(operation) failed for \(context): \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// Thin wrappers over the POSIX socket calls that the server and clients share.
enum Socket {
    /// Resolves `host` (a dotted IPv4 address or a name such as `localhost`) to an IPv4 address.
    static func resolve(host: String, port: Int) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        if inet_pton(AF_INET, host, &address.sin_addr) == 1 { return address }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>? = nil
        let rc = getaddrinfo(host, nil, &hints, &result)
        guard rc == 0, let info = result, let addr = info.pointee.ai_addr else {
            throw SocketError("getaddrinfo", "host '\(host)': check the host name", code: EINVAL)
        }
        defer { freeaddrinfo(result) }
        addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address.sin_addr = $0.pointee.sin_addr }
        return address
    }

    /// A non-blocking listening socket bound to host:port (port 0 picks a free port).
    static func listen(host: String, port: Int, backlog: Int32 = 1024) throws -> Int32 {
        var address = try resolve(host: host, port: port)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket", "listening on \(host):\(port)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let error = SocketError("bind", "\(host):\(port): is the port in use? choose another with --port")
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SocketError("listen", "\(host):\(port)")
            close(fd)
            throw error
        }
        return fd
    }

    /// The port a socket is bound to.
    static func localPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Opens a TCP connection; non-blocking sockets return at once with the connect in progress.
    static func connect(to address: sockaddr_in, nonBlocking: Bool, context: String) throws -> Int32 {
        var flags = SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue
        if nonBlocking { flags |= SOCK_NONBLOCK.rawValue }
        let fd = socket(AF_INET, Int32(flags), 0)
        guard fd >= 0 else { throw SocketError("socket", context) }
        setNoDelay(fd)
        var address = address
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 && !(nonBlocking && errno == EINPROGRESS) {
            let error = SocketError("connect", context + ": is the server running?")
            close(fd)
            throw error
        }
        return fd
    }

    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sets a receive/send timeout on a blocking socket.
    static func setTimeout(_ fd: Int32, seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }
}
