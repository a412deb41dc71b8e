import Dispatch
import Glibc
import Synchronization

/// Answers HTTP requests. It answers through the responder, at once or later from any
/// thread (e.g. after batching).
public protocol HTTPHandler: Sendable {
    /// Called on an event-loop thread, or, for a body over `HTTPLimits.inlineBodyBytes`,
    /// on that loop's worker thread (one such request at a time per loop). It must not block.
    func handle(_ request: HTTPRequest, responder: HTTPResponder)
    /// Called by every event loop after each round of events (and at least every 100 ms) to
    /// run deferred work that is due, such as batches; returns when it next needs a call
    /// (monotonic ns), or nil. The loop sleeps no longer than that.
    func poll(now: UInt64) -> UInt64?
}

extension HTTPHandler {
    public func poll(now: UInt64) -> UInt64? { nil }
}

/// The way back to the connection a request came from. Answers leave in request order
/// even when they are sent out of order (pipelining).
public struct HTTPResponder: Sendable {
    let loop: EventLoop
    let connection: UInt64
    let sequence: UInt64
    let isHead: Bool
    let closeAfter: Bool

    /// Sends `response` (thread-safe; call exactly once).
    public func send(_ response: HTTPResponse) {
        var response = response
        if closeAfter { response.closeConnection = true }
        if isHead { response.omitBody = true }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(response.body.count + 160)
        response.serialize(into: &bytes)
        loop.deliver(connection: connection, sequence: sequence, bytes: bytes, close: response.closeConnection)
    }

    /// Sends the next bytes of a streamed answer (thread-safe), e.g. a chunked head and then
    /// its chunks: they go out as they come, still in request order; `final` ends the answer.
    /// An answer is either one `send` or parts of which only the last is final.
    public func sendPart(_ bytes: [UInt8], final: Bool) {
        loop.deliver(connection: connection, sequence: sequence, bytes: bytes, close: final && closeAfter, final: final)
    }
}

/// One connection's buffers and state, owned by its event loop's thread.
final class Connection {
    let fd: Int32
    let id: UInt64
    var input: [UInt8] = []
    var inputStart = 0
    var output: [UInt8] = []
    var outputStart = 0
    /// Sequence number of the next parsed request, and of the next answer to send.
    var nextSequence: UInt64 = 0
    var nextToSend: UInt64 = 0
    var pending: [UInt64: (bytes: [UInt8], close: Bool, final: Bool)] = [:]
    /// The request whose large body is with the worker thread: nothing further is parsed
    /// until it is answered, so a connection holds at most one such body at a time.
    var largeBodySequence: UInt64? = nil
    /// No more requests are parsed (error, `Connection: close`, shutdown, peer EOF).
    var stopParsing = false
    /// A closing answer has been queued: flush it, then close.
    var closeQueued = false
    var peerClosed = false
    var lingeringSince: UInt64? = nil
    var partialSince: UInt64? = nil
    var sentContinue = false
    /// Inside `processInput`: answers given inline are queued, not flushed or re-parsed (no recursion).
    var processing = false
    var lastActivity: UInt64
    var lastWriteProgress: UInt64
    var interest: UInt32 = 0

    init(fd: Int32, id: UInt64, now: UInt64) {
        self.fd = fd
        self.id = id
        lastActivity = now
        lastWriteProgress = now
    }

    var inFlight: UInt64 { nextSequence - nextToSend }
    var hasOutput: Bool { outputStart < output.count }
}

/// A single-threaded epoll loop that owns a set of connections: reads, parses, calls the
/// handler, writes answers in order, and enforces the limits and timeouts.
final class EventLoop: @unchecked Sendable {
    enum Message {
        case adopt(Int32)
        case response(connection: UInt64, sequence: UInt64, bytes: [UInt8], close: Bool, final: Bool)
        case stop
    }

    private static let wakeID: UInt64 = 0
    private static let listenerID: UInt64 = 1

    let handler: any HTTPHandler
    let parser: HTTPRequestParser
    private var limits: HTTPLimits { parser.limits }
    private let epfd: Int32
    private let wakeFD: Int32
    /// Messages for the loop thread; `closed` once the loop has exited (late posts are dropped).
    private let inbox = Mutex<(messages: [Message], closed: Bool)>(([], false))
    private var connections: [UInt64: Connection] = [:]
    private var nextID: UInt64 = 2
    private var thread = pthread_t()
    private var readBuffer = [UInt8](repeating: 0, count: 65536)
    /// Runs the handler for requests with large bodies, one at a time, off the loop thread.
    private let bodyWorker = DispatchQueue(label: "http-loop-body-worker")

    private var listenFD: Int32 = -1
    private var listenerPausedUntil: UInt64? = nil
    private var peers: [EventLoop] = []
    private var nextPeer = 0
    private var stopDeadline: UInt64? = nil
    private var lastSweep: UInt64 = 0

    init(handler: any HTTPHandler, limits: HTTPLimits) throws {
        self.handler = handler
        self.parser = HTTPRequestParser(limits: limits)
        epfd = Epoll.create()
        guard epfd >= 0 else { throw SocketError("epoll_create1", "starting an event loop") }
        wakeFD = Epoll.eventFD()
        guard wakeFD >= 0 else {
            close(epfd)
            throw SocketError("eventfd", "starting an event loop")
        }
        register(wakeFD, id: Self.wakeID, events: Epoll.input)
    }

    /// Makes this loop accept on `fd` and spread new connections over `peers` (itself included).
    func attachListener(_ fd: Int32, peers: [EventLoop]) {
        listenFD = fd
        self.peers = peers
        register(fd, id: Self.listenerID, events: Epoll.input)
    }

    /// Queues a message for the loop thread and wakes it if needed.
    func post(_ message: Message) {
        // The eventfd is written under the lock, so it cannot be closed (and its number reused) meanwhile.
        inbox.withLock { inbox in
            guard !inbox.closed else { return }
            let wasEmpty = inbox.messages.isEmpty
            inbox.messages.append(message)
            if wasEmpty {
                var one: UInt64 = 1
                _ = write(wakeFD, &one, 8)
            }
        }
    }

    func deliver(connection: UInt64, sequence: UInt64, bytes: [UInt8], close: Bool, final: Bool = true) {
        if pthread_equal(pthread_self(), thread) != 0 {
            guard let conn = connections[connection] else { return }
            enqueueAnswer(conn, sequence: sequence, bytes: bytes, close: close, final: final)
        } else {
            post(.response(connection: connection, sequence: sequence, bytes: bytes, close: close, final: final))
        }
    }

    /// Runs until `.stop` has been posted and open connections have drained (at most 2 s).
    func run() {
        thread = pthread_self()
        let events = Epoll.Events(capacity: 256)
        defer { events.deallocate() }
        var wakeAt = monotonicNanos()
        while true {
            let before = monotonicNanos()
            let n = Epoll.wait(epfd, events, timeoutNanos: elapsed(since: before, until: wakeAt))
            var now = monotonicNanos()
            if n > 0 {
                for i in 0..<Int(n) {
                    let id = events.tag(i)
                    let flags = events.events(i)
                    switch id {
                    case Self.wakeID: drainInbox(now: now)
                    case Self.listenerID: acceptConnections(now: now)
                    default:
                        guard let conn = connections[id] else { continue }
                        handleEvent(conn, flags: flags, now: now)
                    }
                }
            }
            now = monotonicNanos()
            wakeAt = now + 100_000_000
            if let due = handler.poll(now: now) { wakeAt = min(wakeAt, due) }
            if elapsed(since: lastSweep, until: now) > 100_000_000 {
                lastSweep = now
                sweep(now: now)
            }
            if let deadline = stopDeadline {
                if connections.values.allSatisfy({ $0.inFlight == 0 && !$0.hasOutput }) || now > deadline { break }
            }
        }
        for conn in Array(connections.values) { closeConnection(conn) }
        if listenFD >= 0 { close(listenFD) }
        inbox.withLock { inbox in
            inbox.closed = true
            inbox.messages.removeAll()
            close(wakeFD)
        }
        close(epfd)
    }

    // MARK: - Events

    private func register(_ fd: Int32, id: UInt64, events: UInt32) {
        Epoll.control(epfd, Epoll.add, fd, events: events, tag: id)
    }

    private func drainInbox(now: UInt64) {
        var counter: UInt64 = 0
        _ = read(wakeFD, &counter, 8)
        let messages = inbox.withLock { inbox in
            let taken = inbox.messages
            inbox.messages.removeAll(keepingCapacity: true)
            return taken
        }
        for message in messages {
            switch message {
            case .adopt(let fd): adopt(fd, now: now)
            case .response(let id, let sequence, let bytes, let close, let final):
                guard let conn = connections[id] else { continue }
                enqueueAnswer(conn, sequence: sequence, bytes: bytes, close: close, final: final)
            case .stop: beginStop(now: now)
            }
        }
    }

    private func beginStop(now: UInt64) {
        stopDeadline = now + 2_000_000_000
        if listenFD >= 0 {
            Epoll.control(epfd, Epoll.delete, listenFD)
            close(listenFD)
            listenFD = -1
        }
        for conn in Array(connections.values) {
            conn.stopParsing = true
            if conn.inFlight == 0 && !conn.hasOutput { closeConnection(conn) }
        }
    }

    private func acceptConnections(now: UInt64) {
        while listenFD >= 0 {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    // Out of descriptors: stop accepting for a moment instead of spinning.
                    Epoll.control(epfd, Epoll.delete, listenFD)
                    listenerPausedUntil = now + 100_000_000
                }
                return
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            Socket.setNoDelay(fd)
            let target = peers.isEmpty ? self : peers[nextPeer % peers.count]
            nextPeer &+= 1
            if target === self { adopt(fd, now: now) } else { target.post(.adopt(fd)) }
        }
    }

    private func adopt(_ fd: Int32, now: UInt64) {
        if stopDeadline != nil {
            close(fd)
            return
        }
        let conn = Connection(fd: fd, id: nextID, now: now)
        nextID += 1
        connections[conn.id] = conn
        conn.interest = Epoll.input | Epoll.readHangUp
        register(fd, id: conn.id, events: conn.interest)
    }

    private func handleEvent(_ conn: Connection, flags: UInt32, now: UInt64) {
        if flags & (Epoll.error | Epoll.hangUp) != 0 && flags & Epoll.input == 0 {
            closeConnection(conn)
            return
        }
        if flags & Epoll.output != 0 {
            flush(conn, now: now)
            guard connections[conn.id] != nil else { return }
        }
        if flags & (Epoll.input | Epoll.readHangUp | Epoll.hangUp) != 0 {
            readInput(conn, now: now)
        }
    }

    private func readInput(_ conn: Connection, now: UInt64) {
        while true {
            let n = readBuffer.withUnsafeMutableBytes { recv(conn.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                conn.lastActivity = now
                if conn.lingeringSince == nil && !conn.stopParsing {
                    conn.input.append(contentsOf: readBuffer[0..<n])
                }
                if n < readBuffer.count { break }
                // Do not buffer without bound while answers are not being read.
                if conn.input.count - conn.inputStart > limits.maxHeaderBytes + limits.maxBodyBytes { break }
            } else if n == 0 {
                conn.peerClosed = true
                break
            } else {
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                if errno == EINTR { continue }
                closeConnection(conn)
                return
            }
        }
        if conn.lingeringSince != nil {
            if conn.peerClosed { closeConnection(conn) }
            return
        }
        processInput(conn, now: now)
        guard connections[conn.id] != nil else { return }
        if conn.peerClosed {
            if !conn.stopParsing && conn.largeBodySequence == nil && conn.inputStart < conn.input.count {
                // The client half-closed in the middle of a request: tell it so before closing.
                conn.stopParsing = true
                let sequence = conn.nextSequence
                conn.nextSequence += 1
                var bytes: [UInt8] = []
                HTTPResponse.error(.badRequest, "request truncated: the connection was closed before the request was complete",
                                   close: true).serialize(into: &bytes)
                enqueueAnswer(conn, sequence: sequence, bytes: bytes, close: true, flushNow: false)
            }
            conn.stopParsing = true
            if conn.inFlight == 0 && !conn.hasOutput {
                closeConnection(conn)
                return
            }
        }
        flush(conn, now: now)
    }

    /// Parses and dispatches every complete request in the buffer, up to the pipelining limit.
    private func processInput(_ conn: Connection, now: UInt64) {
        conn.processing = true
        defer { conn.processing = false }
        while !conn.stopParsing, conn.largeBodySequence == nil, conn.inFlight < UInt64(limits.maxPipelinedRequests),
              conn.inputStart < conn.input.count {
            let result = conn.input.withUnsafeBufferPointer {
                parser.parse(UnsafeBufferPointer(rebasing: $0[conn.inputStart...]))
            }
            switch result {
            case .incomplete(_, let expectsContinue):
                if conn.partialSince == nil { conn.partialSince = now }
                if expectsContinue, !conn.sentContinue, conn.inFlight == 0 {
                    conn.sentContinue = true
                    conn.output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
                }
                compactInput(conn)
                return
            case .complete(let request, let consumed):
                conn.inputStart += consumed
                conn.partialSince = nil
                conn.sentContinue = false
                let sequence = conn.nextSequence
                conn.nextSequence += 1
                if !request.keepAlive { conn.stopParsing = true }
                let responder = HTTPResponder(loop: self, connection: conn.id, sequence: sequence,
                                              isHead: request.method == "HEAD", closeAfter: !request.keepAlive)
                if request.body.count > limits.inlineBodyBytes {
                    conn.largeBodySequence = sequence
                    bodyWorker.async { [handler] in handler.handle(request, responder: responder) }
                } else {
                    handler.handle(request, responder: responder)
                }
            case .failed(let error):
                conn.stopParsing = true
                let sequence = conn.nextSequence
                conn.nextSequence += 1
                var bytes: [UInt8] = []
                HTTPResponse.error(error.status, error.message, close: true).serialize(into: &bytes)
                enqueueAnswer(conn, sequence: sequence, bytes: bytes, close: true, flushNow: false)
            }
        }
        compactInput(conn)
    }

    private func compactInput(_ conn: Connection) {
        if conn.inputStart == conn.input.count {
            conn.input.removeAll(keepingCapacity: conn.input.capacity <= 1 << 16)
            conn.inputStart = 0
            conn.partialSince = nil
        } else if conn.inputStart > 0 && conn.inputStart * 2 > conn.input.count {
            conn.input.removeSubrange(0..<conn.inputStart)
            conn.inputStart = 0
        }
    }

    /// Places an answer (or, not `final`, part of one) in order; sends it with everything
    /// that was waiting on it.
    private func enqueueAnswer(_ conn: Connection, sequence: UInt64, bytes: [UInt8], close: Bool, final: Bool = true,
                               flushNow: Bool = true) {
        if sequence == conn.largeBodySequence { conn.largeBodySequence = nil }
        if conn.closeQueued { return }
        if sequence != conn.nextToSend {
            let earlier = conn.pending[sequence]?.bytes ?? []
            conn.pending[sequence] = (earlier + bytes, close, final)
            return
        }
        var bytes = bytes
        var close = close
        var final = final
        while true {
            conn.output.append(contentsOf: bytes)
            guard final else { break }
            conn.nextToSend += 1
            if close {
                conn.closeQueued = true
                conn.stopParsing = true
                conn.pending.removeAll()
                break
            }
            guard let next = conn.pending.removeValue(forKey: conn.nextToSend) else { break }
            bytes = next.bytes
            close = next.close
            final = next.final
        }
        guard flushNow, !conn.processing else { return }
        let now = monotonicNanos()
        // Answers free pipelining slots: parse what was held back, then write.
        if !conn.stopParsing && conn.inputStart < conn.input.count { processInput(conn, now: now) }
        flush(conn, now: now)
    }

    private func flush(_ conn: Connection, now: UInt64) {
        while conn.outputStart < conn.output.count {
            let n = conn.output.withUnsafeBytes {
                send(conn.fd, $0.baseAddress! + conn.outputStart, $0.count - conn.outputStart, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                conn.outputStart += n
                conn.lastWriteProgress = now
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                closeConnection(conn)
                return
            }
        }
        if !conn.hasOutput {
            conn.output.removeAll(keepingCapacity: conn.output.capacity <= 1 << 16)
            conn.outputStart = 0
            conn.lastWriteProgress = now
            if conn.closeQueued || (conn.stopParsing && conn.inFlight == 0 && (conn.peerClosed || stopDeadline != nil)) {
                if conn.peerClosed || stopDeadline != nil {
                    closeConnection(conn)
                    return
                }
                // Lingering close: stop sending, drain what the client still sends, so
                // the answer is not destroyed by a reset.
                if conn.lingeringSince == nil {
                    shutdown(conn.fd, Int32(SHUT_WR))
                    conn.lingeringSince = now
                }
            }
        }
        var wanted = Epoll.readHangUp
        if conn.hasOutput { wanted |= Epoll.output }
        let backlog = conn.output.count - conn.outputStart
        // Stop reading while answers pile up unread, or while the pipeline is full and a
        // backlog of requests is already buffered; reading resumes when answers go out.
        let buffered = conn.input.count - conn.inputStart
        let pipelineFull = conn.inFlight >= UInt64(limits.maxPipelinedRequests) && buffered > 1 << 16
        if !conn.peerClosed && backlog < 1 << 20 && !pipelineFull && buffered <= limits.maxHeaderBytes + limits.maxBodyBytes {
            wanted |= Epoll.input
        }
        if conn.peerClosed { wanted &= ~Epoll.readHangUp }
        if wanted != conn.interest {
            conn.interest = wanted
            Epoll.control(epfd, Epoll.modify, conn.fd, events: wanted, tag: conn.id)
        }
    }

    private func closeConnection(_ conn: Connection) {
        guard connections.removeValue(forKey: conn.id) != nil else { return }
        Epoll.control(epfd, Epoll.delete, conn.fd)
        close(conn.fd)
    }

    /// Enforces timeouts: slow or truncated requests, idle connections, stuck writes, lingering closes.
    private func sweep(now: UInt64) {
        if let until = listenerPausedUntil, now >= until, listenFD >= 0 {
            listenerPausedUntil = nil
            register(listenFD, id: Self.listenerID, events: Epoll.input)
        }
        let requestTimeout = UInt64(limits.requestTimeout * 1e9)
        let idleTimeout = UInt64(limits.idleTimeout * 1e9)
        for conn in Array(connections.values) {
            if let since = conn.lingeringSince {
                if elapsed(since: since, until: now) > 2_000_000_000 { closeConnection(conn) }
            } else if conn.hasOutput && elapsed(since: conn.lastWriteProgress, until: now) > requestTimeout {
                closeConnection(conn)
            } else if let since = conn.partialSince, !conn.stopParsing, elapsed(since: since, until: now) > requestTimeout {
                conn.stopParsing = true
                let sequence = conn.nextSequence
                conn.nextSequence += 1
                var bytes: [UInt8] = []
                HTTPResponse.error(.requestTimeout, "request not received completely within \(limits.requestTimeout) s",
                                   close: true).serialize(into: &bytes)
                enqueueAnswer(conn, sequence: sequence, bytes: bytes, close: true)
            } else if conn.inFlight == 0 && !conn.hasOutput && conn.inputStart == conn.input.count
                        && elapsed(since: conn.lastActivity, until: now) > idleTimeout {
                closeConnection(conn)
            }
        }
    }
}
