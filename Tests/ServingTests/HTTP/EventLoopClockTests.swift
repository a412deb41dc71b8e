import Glibc
import Synchronization
import XCTest
@testable import Serving

/// Answers each request from `poll(now:)` once it has waited 150 ms. By then the loop is
/// idle and wakes on its 100 ms timer, the round in which it also sweeps its connections:
/// the answer is written with a clock reading newer than the `now` that round's sweep is
/// given, as happens when a batch completes in `poll`.
private final class PollAnsweringHandler: HTTPHandler {
    let bodyBytes: Int
    private let waiting = Mutex<[(arrival: UInt64, responder: HTTPResponder)]>([])

    init(bodyBytes: Int) { self.bodyBytes = bodyBytes }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        waiting.withLock { $0.append((monotonicNanos(), responder)) }
    }

    func poll(now: UInt64) -> UInt64? {
        let due = waiting.withLock { waiting in
            let due = waiting.filter { elapsed(since: $0.arrival, until: now) >= 150_000_000 }
            waiting.removeAll { elapsed(since: $0.arrival, until: now) >= 150_000_000 }
            return due
        }
        for entry in due { entry.responder.send(HTTPResponse(status: .ok, body: [UInt8](repeating: 0x61, count: bodyBytes))) }
        return nil
    }
}

/// Timeouts are judged from clock readings that may be older than a connection's last
/// stamp; the loop must treat that as "no time has passed", never trap.
final class EventLoopClockTests: XCTestCase {
    private func withServer(bodyBytes: Int, _ body: (Int) throws -> Void) throws {
        let server = HTTPServer(host: "127.0.0.1", port: 0, handler: PollAnsweringHandler(bodyBytes: bodyBytes), eventLoops: 1)
        try server.start()
        defer {
            server.stop()
            server.wait()
        }
        try body(server.port)
    }

    func testElapsedTimeSaturatesAtZeroWhenTheEndIsEarlier() {
        XCTAssertEqual(elapsed(since: 10, until: 25), 15)
        XCTAssertEqual(elapsed(since: 25, until: 10), 0)
    }

    func testAnswerThatClosesTheConnectionInTheSweepingRoundArrives() throws {
        try withServer(bodyBytes: 5) { port in
            let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 5)
            let response = try client.exchange(raw: Array("GET /a HTTP/1.0\r\n\r\n".utf8))
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.body, Array("aaaaa".utf8))
        }
    }

    func testClientThatNeverReadsALargeAnswerLeavesTheServerRunning() throws {
        try withServer(bodyBytes: 8 << 20) { port in
            let address = try Socket.resolve(host: "127.0.0.1", port: port)
            let silent = try Socket.connect(to: address, nonBlocking: false, context: "silent client")
            defer { close(silent) }
            var small: Int32 = 4096
            setsockopt(silent, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            let request = Array("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
            XCTAssertEqual(send(silent, request, request.count, 0), request.count)
            usleep(400_000)
            let other = HTTPClient(host: "127.0.0.1", port: port, timeout: 5)
            XCTAssertEqual(try other.request("GET", "/other").status, 200)
        }
    }
}
