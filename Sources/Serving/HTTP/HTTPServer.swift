import Foundation
import Glibc
import Synchronization

/// An HTTP/1.1 server: one listening socket and one epoll event loop per thread.
/// Keep-alive and pipelining are supported; limits and timeouts come from `HTTPLimits`.
public final class HTTPServer: @unchecked Sendable {
    public let host: String
    private let requestedPort: Int
    private let handler: any HTTPHandler
    private let limits: HTTPLimits
    private let loopCount: Int
    private var loops: [EventLoop] = []
    private let finished = DispatchGroup()
    private let state = Mutex<(started: Bool, stopped: Bool)>((false, false))
    /// The bound port (the real one when 0 was asked for); valid after `start()`.
    public private(set) var port: Int = 0

    /// - Parameter eventLoops: threads serving connections; defaults to the number of cores.
    public init(host: String, port: Int, handler: any HTTPHandler, limits: HTTPLimits = HTTPLimits(),
                eventLoops: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.host = host
        self.requestedPort = port
        self.handler = handler
        self.limits = limits
        self.loopCount = max(1, eventLoops)
    }

    /// Binds and starts the event-loop threads; returns at once.
    public func start() throws {
        try state.withLock { s in
            guard !s.started else { throw SocketError("start", "server already started", code: EALREADY) }
            s.started = true
        }
        let fd = try Socket.listen(host: host, port: requestedPort)
        port = Socket.localPort(fd)
        loops = try (0..<loopCount).map { _ in try EventLoop(handler: handler, limits: limits) }
        loops[0].attachListener(fd, peers: loops)
        for (index, loop) in loops.enumerated() {
            finished.enter()
            let thread = Thread { [finished] in
                loop.run()
                finished.leave()
            }
            thread.name = "http-loop-\(index)"
            thread.start()
        }
    }

    /// Stops accepting, lets in-flight answers finish (at most 2 s), closes everything.
    /// Thread-safe and idempotent.
    public func stop() {
        let already = state.withLock { s in
            let was = s.stopped
            s.stopped = true
            return was
        }
        guard !already else { return }
        for loop in loops { loop.post(.stop) }
    }

    /// Blocks until the server has stopped.
    public func wait() { finished.wait() }
}
