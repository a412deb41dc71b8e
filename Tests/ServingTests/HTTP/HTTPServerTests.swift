import Glibc
import Synchronization
import XCTest
@testable import Serving

/// Echoes the method, path and body; `/slow` answers after 300 ms from another thread.
private struct EchoHandler: HTTPHandler {
    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let body = Array("\(request.method) \(request.path) ".utf8) + request.body
        if request.path == "/slow" {
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { responder.send(HTTPResponse(status: .ok, body: body)) }
        } else {
            responder.send(HTTPResponse(status: .ok, body: body))
        }
    }
}

final class HTTPServerTests: XCTestCase {
    private var server: HTTPServer!

    override func setUpWithError() throws {
        var limits = HTTPLimits()
        limits.requestTimeout = 0.5
        limits.maxBodyBytes = 1000
        server = HTTPServer(host: "127.0.0.1", port: 0, handler: EchoHandler(), limits: limits, eventLoops: 2)
        try server.start()
    }

    override func tearDown() {
        server.stop()
        server.wait()
    }

    private func client() -> HTTPClient { HTTPClient(host: "127.0.0.1", port: server.port, timeout: 5) }

    func testKeepAliveServesManyRequestsOnOneConnection() throws {
        let c = client()
        for i in 0..<50 {
            let r = try c.request("POST", "/p\(i)", body: Array("x".utf8))
            XCTAssertEqual(r.status, 200)
            XCTAssertEqual(String(decoding: r.body, as: UTF8.self), "POST /p\(i) x")
        }
    }

    func testPipelinedAnswersKeepRequestOrderEvenWhenEarlierOnesAreSlow() throws {
        let c = client()
        let raw = "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /fast1 HTTP/1.1\r\nHost: a\r\n\r\nGET /fast2 HTTP/1.1\r\nHost: a\r\n\r\n"
        try c.sendRaw(Array(raw.utf8))
        let bodies = try (0..<3).map { _ in String(decoding: try c.readResponse().body, as: UTF8.self) }
        XCTAssertEqual(bodies, ["GET /slow ", "GET /fast1 ", "GET /fast2 "])
    }

    func testDeepPipelineBeyondTheInFlightLimitIsAnsweredInOrder() throws {
        let c = client()
        let raw = (0..<300).map { "GET /p\($0) HTTP/1.1\r\nHost: a\r\n\r\n" }.joined()
        try c.sendRaw(Array(raw.utf8))
        for i in 0..<300 { XCTAssertEqual(String(decoding: try c.readResponse().body, as: UTF8.self), "GET /p\(i) ") }
    }

    /// 20,000 pipelined requests answered inline must neither recurse nor buffer without bound.
    func testPipelineFloodIsServedInOrderWithoutExhaustingTheServer() throws {
        let count = 20_000
        let address = try Socket.resolve(host: "127.0.0.1", port: server.port)
        let fd = try Socket.connect(to: address, nonBlocking: false, context: "flood")
        defer { close(fd) }
        let raw = Array((0..<count).map { "GET /\($0) HTTP/1.1\r\nHost: a\r\n\r\n" }.joined().utf8)
        let writer = DispatchGroup()
        DispatchQueue.global().async(group: writer) {
            var sent = 0
            while sent < raw.count {
                let n = raw.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return }
                sent += n
            }
        }
        var received: [UInt8] = []
        var answers = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        let expectedLast = Array("GET /\(count - 1) ".utf8)
        while answers < count {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            received += buffer[0..<n]
            while case .complete(let r, let consumed) = received.withUnsafeBufferPointer({ HTTPResponseParser().parse($0) }) {
                received.removeSubrange(0..<consumed)
                answers += 1
                if answers == count { XCTAssertEqual(r.body, expectedLast) }
            }
        }
        writer.wait()
        XCTAssertEqual(answers, count)
    }

    func testBadRequestsGetErrorStatusAndJSONErrorBody() throws {
        let cases: [(String, Int)] = [
            ("BROKEN\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n", 413),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "y", count: 20000) + "\r\n\r\n", 431),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411),
        ]
        for (raw, expected) in cases {
            let r = try client().exchange(raw: Array(raw.utf8))
            XCTAssertEqual(r.status, expected, raw.prefix(40).description)
            XCTAssertTrue(r.closes)
            XCTAssertNotNil(try JSONReader.parse(r.body)["error"]?.stringValue)
        }
    }

    func testSlowAndTruncatedClientsDoNotStallOthersAndTimeOut() throws {
        // A slowloris client sends half a request and stops; another drops mid-body.
        let slow = client()
        try slow.sendRaw(Array("GET / HTTP/1.1\r\nHost: a\r\nX-Slow:".utf8))
        let truncated = client()
        try truncated.sendRaw(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc".utf8))
        truncated.disconnect()
        let started = Date()
        for _ in 0..<20 { XCTAssertEqual(try client().request("GET", "/ok").status, 200) }
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.4)
        // The slow client is answered 408 once the request timeout (0.5 s) passes.
        let r = try slow.readResponse()
        XCTAssertEqual(r.status, 408)
    }

    func testHalfClosedTruncatedRequestGets400() throws {
        let address = try Socket.resolve(host: "127.0.0.1", port: server.port)
        let fd = try Socket.connect(to: address, nonBlocking: false, context: "truncated")
        defer { close(fd) }
        let raw = Array("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc".utf8)
        _ = raw.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        shutdown(fd, Int32(SHUT_WR))
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            reply += buffer[0..<n]
        }
        XCTAssertTrue(String(decoding: reply, as: UTF8.self).hasPrefix("HTTP/1.1 400 "), String(decoding: reply, as: UTF8.self))
    }

    func testExpectContinueGetsInterimResponse() throws {
        let c = client()
        try c.sendRaw(Array("POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        usleep(50_000)
        try c.sendRaw(Array("hi".utf8))
        let r = try c.readResponse()
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(String(decoding: r.body, as: UTF8.self), "POST /e hi")
    }

    func testHeadOmitsBody() throws {
        let r = try client().request("HEAD", "/h")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.body, [])
        XCTAssertEqual(r.headers["content-length"], "8")
    }

    func testManyConcurrentClients() throws {
        let port = server.port
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let c = HTTPClient(host: "127.0.0.1", port: port)
            for j in 0..<50 {
                guard let r = try? c.request("GET", "/c\(i)-\(j)"), r.body == Array("GET /c\(i)-\(j) ".utf8) else {
                    failures.add(1, ordering: .relaxed)
                    continue
                }
            }
        }
        XCTAssertEqual(failures.load(ordering: .relaxed), 0)
    }
}
