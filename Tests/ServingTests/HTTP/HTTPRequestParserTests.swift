import XCTest
@testable import Serving

final class HTTPRequestParserTests: XCTestCase {
    private func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPRequestParseResult {
        Array(text.utf8).withUnsafeBufferPointer { HTTPRequestParser(limits: limits).parse($0) }
    }

    private func status(_ text: String, limits: HTTPLimits = HTTPLimits()) -> Int? {
        if case .failed(let e) = parse(text, limits: limits) { return e.status.code }
        return nil
    }

    func testParsesRequestWithBodyAndLeavesPipelinedBytes() throws {
        let text = "POST /v2/models/m/infer?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\n"
        guard case .complete(let request, let consumed) = parse(text) else { return XCTFail("not complete") }
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.path, "/v2/models/m/infer")
        XCTAssertEqual(request.body, Array("abc".utf8))
        XCTAssertTrue(request.keepAlive)
        XCTAssertEqual(consumed, text.utf8.count - "GET / HTTP/1.1\r\n".utf8.count)
    }

    func testAbsoluteFormTargetIsRoutedByItsPath() {
        guard case .complete(let request, _) = parse("GET http://example.com:8000/v2/health/live?x=1 HTTP/1.1\r\nHost: a\r\n\r\n")
        else { return XCTFail("not complete") }
        XCTAssertEqual(request.path, "/v2/health/live")
        XCTAssertEqual(HTTPRequest(method: "GET", target: "http://h").path, "/")
    }

    func testIncompleteUntilBodyArrives() {
        guard case .incomplete(let headersComplete, _) = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        else { return XCTFail("expected incomplete") }
        XCTAssertTrue(headersComplete)
        guard case .incomplete(false, _) = parse("GET / HTTP/1.1\r\nHo") else { return XCTFail("expected incomplete") }
    }

    func testConnectionSemantics() {
        guard case .complete(let r1, _) = parse("GET / HTTP/1.0\r\n\r\n"),
              case .complete(let r2, _) = parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
              case .complete(let r3, _) = parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        else { return XCTFail("expected complete") }
        XCTAssertFalse(r1.keepAlive)
        XCTAssertTrue(r2.keepAlive)
        XCTAssertFalse(r3.keepAlive)
    }

    func testRejectsMalformedAndUnsupportedInput() {
        XCTAssertEqual(status("GARBAGE\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /\r\n\r\n"), 400)
        XCTAssertEqual(status("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), 505)
        XCTAssertEqual(status("GET / HTTP/1.1\r\n\r\n"), 400, "HTTP/1.1 needs Host")
        XCTAssertEqual(status("GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n"), 400)
        XCTAssertEqual(status("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"), 411)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"), 501)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"), 400)
    }

    func testLimits() {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 64
        limits.maxBodyBytes = 10
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits: limits), 413)
        XCTAssertEqual(status("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "y", count: 80), limits: limits), 431)
        XCTAssertEqual(status("GET /" + String(repeating: "y", count: 80), limits: limits), 414)
    }

    func testExpectContinueIsReported() {
        guard case .incomplete(true, true) = parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        else { return XCTFail("expected continue") }
    }
}
