import Glibc

/// What one engine thread measured inside the measurement window.
struct EngineResult: Sendable {
    /// Latency from each request's scheduled time (open loop) or send time (closed loop).
    var latency = LatencyHistogram()
    /// Latency from the moment the request was written to the socket.
    var serviceTime = LatencyHistogram()
    /// How late requests that found an idle connection were written relative to their
    /// schedule: the generator's own lag.
    var sendDelay = LatencyHistogram()
    /// How late requests that found every connection busy were written: the time they
    /// waited for an answer to free one (the server's share, not the generator's).
    var connectionWait = LatencyHistogram()
    var succeeded = 0
    var failed = 0
    var timedOut = 0
    /// Requests scheduled inside the window (open loop: arrivals drawn; closed loop: sent).
    var scheduled = 0
    var statusCounts: [Int: Int] = [:]
    var errorSamples: [String] = []
    /// Streamed answers: time to the first token (from the schedule), between tokens, and
    /// per output token after the first; tokens received; answers meeting the token SLOs.
    var timeToFirstToken = LatencyHistogram()
    var interTokenLatency = LatencyHistogram()
    var timePerOutputToken = LatencyHistogram()
    var outputTokens = 0
    var withinTokenSLO = 0
    /// How the engine thread was scheduled (set by its thread, not merged).
    var scheduling: EngineScheduling = .normal

    mutating func merge(_ other: EngineResult) {
        latency.merge(other.latency)
        serviceTime.merge(other.serviceTime)
        sendDelay.merge(other.sendDelay)
        connectionWait.merge(other.connectionWait)
        succeeded += other.succeeded
        failed += other.failed
        timedOut += other.timedOut
        scheduled += other.scheduled
        timeToFirstToken.merge(other.timeToFirstToken)
        interTokenLatency.merge(other.interTokenLatency)
        timePerOutputToken.merge(other.timePerOutputToken)
        outputTokens += other.outputTokens
        withinTokenSLO += other.withinTokenSLO
        for (k, v) in other.statusCounts { statusCounts[k, default: 0] += v }
        errorSamples += other.errorSamples.prefix(max(0, 5 - errorSamples.count))
    }

    mutating func noteError(_ message: String) {
        if errorSamples.count < 5 { errorSamples.append(message) }
    }
}

/// How an engine issues requests.
enum EnginePlan {
    /// Each connection sends its next request as soon as the previous answer arrives.
    case closed
    /// Requests are due at the schedule's arrival times; each goes out on an idle connection
    /// as soon as one is free, and its latency counts from the due time.
    case open(ArrivalSchedule)
}

/// One client connection of the engine.
private final class ClientConnection {
    var fd: Int32 = -1
    var connected = false
    var output: [UInt8] = []
    var outputStart = 0
    var input: [UInt8] = []
    var inflight: (scheduled: UInt64, sent: UInt64)? = nil
    var interest: UInt32 = 0
    var retryAt: UInt64 = 0
    /// The events of the streamed answer in flight.
    var stream = TokenStream()
}

/// A single-threaded epoll driver for many non-blocking client connections, used by the
/// load generator's scenarios. Times are monotonic nanoseconds.
final class LoadEngine {
    private let address: sockaddr_in
    private let requests: [[UInt8]]
    private var plan: EnginePlan
    private let start: UInt64
    private let measureFrom: UInt64
    private let end: UInt64
    private let drainDeadline: UInt64
    private let parser: HTTPResponseParser = {
        var p = HTTPResponseParser()
        p.collectHeaders = false
        return p
    }()
    private var connections: [ClientConnection]
    private var idle: [Int] = []
    private var result = EngineResult()
    private var requestCounter = 0
    private var epfd: Int32 = -1
    private var disconnected = 0
    private var readBuffer = [UInt8](repeating: 0, count: 65536)

    /// Answers are server-sent event streams whose tokens are timed (nil: plain answers).
    private let tokenSLO: TokenSLO?

    init(address: sockaddr_in, requests: [[UInt8]], connections: Int, plan: EnginePlan,
         start: UInt64, measureFrom: UInt64, end: UInt64, drainTimeout: UInt64, tokenSLO: TokenSLO? = nil) {
        self.address = address
        self.requests = requests
        self.tokenSLO = tokenSLO
        self.plan = plan
        self.start = start
        self.measureFrom = measureFrom
        self.end = end
        self.drainDeadline = end + drainTimeout
        self.connections = (0..<max(1, connections)).map { _ in ClientConnection() }
    }

    func run() -> EngineResult {
        epfd = Epoll.create()
        let events = Epoll.Events(capacity: 256)
        defer {
            events.deallocate()
            for conn in connections where conn.fd >= 0 { close(conn.fd) }
            close(epfd)
        }
        var now = monotonicNanos()
        disconnected = connections.count
        for i in connections.indices { open(i, now: now) }
        var backlog: [UInt64] = []
        var backlogHead = 0
        // Backlog entries before this index were due while every connection was busy.
        var starvedUntil = 0
        var nextArrival: UInt64 = .max
        if case .open(var schedule) = plan {
            nextArrival = start + UInt64(schedule.next() * 1e9)
            plan = .open(schedule)
        }
        while true {
            now = monotonicNanos()
            if case .open(var schedule) = plan {
                while nextArrival <= now && nextArrival < end {
                    backlog.append(nextArrival)
                    if nextArrival >= measureFrom { result.scheduled += 1 }
                    nextArrival = start + UInt64(schedule.next() * 1e9)
                }
                plan = .open(schedule)
            }
            if disconnected > 0 {
                for i in connections.indices where connections[i].fd < 0 && connections[i].retryAt <= now && now < drainDeadline {
                    open(i, now: now)
                }
            }
            // Dispatch to idle connections.
            while let i = takeIdle() {
                if case .open = plan {
                    guard backlogHead < backlog.count else { idle.append(i); break }
                    issue(i, scheduled: backlog[backlogHead], now: now, waitedForConnection: backlogHead < starvedUntil)
                    backlogHead += 1
                    if backlogHead > 4096 && backlogHead * 2 > backlog.count {
                        backlog.removeSubrange(0..<backlogHead)
                        starvedUntil = max(0, starvedUntil - backlogHead)
                        backlogHead = 0
                    }
                } else {
                    guard now < end else { idle.append(i); break }
                    if now >= measureFrom { result.scheduled += 1 }
                    issue(i, scheduled: now, now: now, waitedForConnection: false)
                }
            }
            starvedUntil = backlog.count
            if now >= end {
                let outstanding = connections.filter { $0.inflight != nil }.count + (backlog.count - backlogHead)
                if outstanding == 0 { break }
                if now >= drainDeadline {
                    result.timedOut += outstanding
                    result.noteError("\(outstanding) requests unanswered when the drain timeout expired")
                    break
                }
            }
            var wakeAt = min(now < end ? end : drainDeadline, now + 100_000_000)
            if nextArrival < end { wakeAt = min(wakeAt, nextArrival) }
            if disconnected > 0 { wakeAt = min(wakeAt, now + 10_000_000) }
            let n = Epoll.wait(epfd, events, timeoutNanos: wakeAt - min(wakeAt, now))
            guard n > 0 else { continue }
            let eventTime = monotonicNanos()
            for e in 0..<Int(n) {
                handle(Int(events.tag(e) - 1), events: events.events(e), now: eventTime)
            }
        }
        return result
    }

    private func takeIdle() -> Int? {
        while let i = idle.popLast() {
            let conn = connections[i]
            if conn.connected && conn.inflight == nil && conn.fd >= 0 { return i }
        }
        return nil
    }

    private func open(_ i: Int, now: UInt64) {
        let conn = connections[i]
        do {
            conn.fd = try Socket.connect(to: address, nonBlocking: true, context: "load target")
        } catch {
            result.noteError("\(error)")
            conn.retryAt = now + 10_000_000
            return
        }
        disconnected -= 1
        conn.connected = false
        conn.input.removeAll(keepingCapacity: true)
        conn.output.removeAll(keepingCapacity: true)
        conn.outputStart = 0
        conn.interest = Epoll.output | Epoll.input
        Epoll.control(epfd, Epoll.add, conn.fd, events: conn.interest, tag: UInt64(i + 1))
    }

    private func issue(_ i: Int, scheduled: UInt64, now: UInt64, waitedForConnection: Bool) {
        let conn = connections[i]
        conn.output.append(contentsOf: requests[requestCounter % requests.count])
        requestCounter &+= 1
        conn.inflight = (scheduled, now)
        conn.stream = TokenStream()
        if scheduled >= measureFrom {
            if waitedForConnection {
                result.connectionWait.record(now - min(now, scheduled))
            } else {
                result.sendDelay.record(now - min(now, scheduled))
            }
        }
        flush(i, now: now)
    }

    private func fail(_ i: Int, _ reason: String, now: UInt64) {
        let conn = connections[i]
        if let inflight = conn.inflight {
            if inflight.scheduled >= measureFrom && inflight.scheduled < end {
                result.failed += 1
                result.noteError(reason)
            }
            conn.inflight = nil
        }
        if conn.fd >= 0 {
            Epoll.control(epfd, Epoll.delete, conn.fd)
            close(conn.fd)
            disconnected += 1
        }
        conn.fd = -1
        conn.connected = false
        conn.retryAt = now + 10_000_000
    }

    private func handle(_ i: Int, events: UInt32, now: UInt64) {
        let conn = connections[i]
        guard conn.fd >= 0 else { return }
        if !conn.connected {
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(conn.fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 || events & (Epoll.error | Epoll.hangUp) != 0 {
                fail(i, "connect: \(String(cString: strerror(error == 0 ? ECONNREFUSED : error)))", now: now)
                return
            }
            guard events & Epoll.output != 0 else { return }
            conn.connected = true
            idle.append(i)
            updateInterest(i)
            return
        }
        if events & Epoll.output != 0 { flush(i, now: now) }
        guard conn.fd >= 0 else { return }
        if events & (Epoll.input | Epoll.hangUp | Epoll.error) != 0 { readResponses(i, now: now) }
    }

    private func flush(_ i: Int, now: UInt64) {
        let conn = connections[i]
        guard conn.connected else { return }
        while conn.outputStart < conn.output.count {
            let n = conn.output.withUnsafeBytes {
                send(conn.fd, $0.baseAddress! + conn.outputStart, $0.count - conn.outputStart, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                conn.outputStart += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                fail(i, "send: \(String(cString: strerror(errno)))", now: now)
                return
            }
        }
        if conn.outputStart == conn.output.count {
            conn.output.removeAll(keepingCapacity: true)
            conn.outputStart = 0
        }
        updateInterest(i)
    }

    private func updateInterest(_ i: Int) {
        let conn = connections[i]
        let wanted = Epoll.input | (conn.outputStart < conn.output.count ? Epoll.output : 0)
        if wanted != conn.interest {
            conn.interest = wanted
            Epoll.control(epfd, Epoll.modify, conn.fd, events: wanted, tag: UInt64(i + 1))
        }
    }

    private func readResponses(_ i: Int, now: UInt64) {
        let conn = connections[i]
        var peerClosed = false
        while true {
            let n = readBuffer.withUnsafeMutableBytes { recv(conn.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                conn.input.append(contentsOf: readBuffer[0..<n])
                if n < readBuffer.count { break }
            } else if n == 0 {
                peerClosed = true
                break
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                fail(i, "recv: \(String(cString: strerror(errno)))", now: now)
                return
            }
        }
        if tokenSLO != nil, let inflight = conn.inflight {
            let counted = inflight.scheduled >= measureFrom && inflight.scheduled < end
            conn.stream.scan(conn.input, now: now) { gap in if counted { result.interTokenLatency.record(gap) } }
        }
        while !conn.input.isEmpty {
            let parsed = conn.input.withUnsafeBufferPointer { parser.parse($0) }
            switch parsed {
            case .incomplete:
                if peerClosed {
                    fail(i, "connection closed mid-response", now: now)
                    return
                }
                return
            case .failed(let message):
                fail(i, "bad response: \(message)", now: now)
                return
            case .complete(let response, let consumed):
                conn.input.removeSubrange(0..<consumed)
                guard let inflight = conn.inflight else {
                    fail(i, "unsolicited response", now: now)
                    return
                }
                conn.inflight = nil
                record(response, inflight: inflight, stream: conn.stream, now: now)
                if response.closes || peerClosed {
                    fail(i, "server closed the connection", now: now)
                    return
                }
                idle.append(i)
            }
        }
        if peerClosed { fail(i, "server closed the connection", now: now) }
    }

    private func record(_ response: HTTPClientResponse, inflight: (scheduled: UInt64, sent: UInt64), stream: TokenStream,
                        now: UInt64) {
        guard inflight.scheduled >= measureFrom && inflight.scheduled < end else { return }
        if (200..<300).contains(response.status) {
            result.succeeded += 1
            result.latency.record(now - min(now, inflight.scheduled))
            result.serviceTime.record(now - min(now, inflight.sent))
            if let tokenSLO, stream.tokens > 0 {
                let ttft = stream.first - min(stream.first, inflight.scheduled)
                result.timeToFirstToken.record(ttft)
                result.outputTokens += stream.tokens
                var tpot: UInt64 = 0
                if stream.tokens > 1 {
                    tpot = (stream.last - stream.first) / UInt64(stream.tokens - 1)
                    result.timePerOutputToken.record(tpot)
                }
                if ttft <= tokenSLO.timeToFirstTokenNanos && tpot <= tokenSLO.timePerOutputTokenNanos { result.withinTokenSLO += 1 }
            }
        } else {
            result.failed += 1
            result.statusCounts[response.status, default: 0] += 1
            result.noteError("HTTP \(response.status): \(String(decoding: response.body.prefix(160), as: UTF8.self))")
        }
    }
}
