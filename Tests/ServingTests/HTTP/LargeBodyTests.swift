import Dispatch
import XCTest
@testable import Serving

/// Holds every request with a body over 64 KiB until the test opens the gate (signalling
/// `entered` when it starts holding one); answers the others at once.
private struct GatedHandler: HTTPHandler {
    let entered: DispatchSemaphore
    let gate: DispatchSemaphore

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        if request.body.count > 64 * 1024 {
            entered.signal()
            gate.wait()
        }
        responder.send(HTTPResponse(status: .ok, body: Array("\(request.body.count)".utf8)))
    }
}

/// A large body is decoded off the event loop: however long it takes, the loop's other
/// connections are served meanwhile, and answers still leave in request order.
final class LargeBodyTests: XCTestCase {
    func testLoopServesOtherConnectionsWhileALargeBodyIsHandled() throws {
        let entered = DispatchSemaphore(value: 0), gate = DispatchSemaphore(value: 0)
        let server = HTTPServer(host: "127.0.0.1", port: 0, handler: GatedHandler(entered: entered, gate: gate), eventLoops: 1)
        try server.start()
        defer {
            server.stop()
            server.wait()
        }
        let large = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 10)
        let body = [UInt8](repeating: 0x20, count: 256 * 1024)
        try large.sendRaw(Array("POST /large HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
                          + Array("GET /after HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        XCTAssertEqual(entered.wait(timeout: .now() + 10), .success, "the large request reached the handler")
        let other = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 5)
        let answer: HTTPClientResponse
        do {
            answer = try other.request("GET", "/small")
        } catch {
            gate.signal()
            throw error
        }
        XCTAssertEqual(answer.body, Array("0".utf8))
        gate.signal()
        XCTAssertEqual(try large.readResponse().body, Array("\(body.count)".utf8))
        XCTAssertEqual(try large.readResponse().body, Array("0".utf8))
    }
}
