import XCTest
@testable import Serving

final class HTTPResponseParserTests: XCTestCase {
    func testChunkedBodyAfterAnInterimResponse() {
        let raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\nrest"
        let result = Array(raw.utf8).withUnsafeBufferPointer { HTTPResponseParser().parse($0) }
        guard case .complete(let response, let consumed) = result else { return XCTFail("expected a response") }
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.body, Array("abcde".utf8))
        XCTAssertEqual(consumed, raw.utf8.count - 4)
    }

    func testContentLengthBodyKeepAliveAndClose() {
        let raw = "HTTP/1.1 404 Not Found\r\ncontent-LENGTH: 2\r\nConnection: close\r\n\r\nokHTTP/1.1"
        guard case .complete(let r, let consumed) = Array(raw.utf8).withUnsafeBufferPointer({ HTTPResponseParser().parse($0) })
        else { return XCTFail("expected a response") }
        XCTAssertEqual(r.status, 404)
        XCTAssertEqual(r.body, Array("ok".utf8))
        XCTAssertTrue(r.closes)
        XCTAssertEqual(r.headers["content-length"], "2")
        XCTAssertEqual(consumed, raw.utf8.count - "HTTP/1.1".utf8.count)
    }

    func testIncompleteAndMalformed() {
        func parse(_ s: String) -> HTTPResponseParseResult { Array(s.utf8).withUnsafeBufferPointer { HTTPResponseParser().parse($0) } }
        guard case .incomplete = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab") else { return XCTFail("incomplete") }
        guard case .failed = parse("FTP/1.0 200\r\n\r\n") else { return XCTFail("malformed") }
        guard case .failed = parse("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n") else { return XCTFail("bad length") }
    }
}
