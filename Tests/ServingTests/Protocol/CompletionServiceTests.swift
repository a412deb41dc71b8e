import XCTest
@testable import Serving

/// The OpenAI-compatible completion endpoints of the reference server: whole answers,
/// streamed server-sent events in a chunked answer, and answer order on a pipelined connection.
final class CompletionServiceTests: ServerTestCase {
    private func events(_ body: [UInt8]) -> [String] {
        String(decoding: body, as: UTF8.self).components(separatedBy: "\n\n").filter { !$0.isEmpty }
    }

    func testStreamedCompletionIsOneEventPerTokenThenDone() throws {
        let r = try client.request("POST", "/v1/completions", body: Array(#"{"model":"m","prompt":"a b c","max_tokens":5,"stream":true}"#.utf8))
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.headers["content-type"], "text/event-stream")
        XCTAssertEqual(r.headers["transfer-encoding"], "chunked")
        let events = events(r.body)
        XCTAssertEqual(events.count, 6, "\(events)")
        XCTAssertEqual(events.last, "data: [DONE]")
        let chunks = try events.dropLast().map { try JSONReader.parse(String($0.dropFirst("data: ".count))) }
        XCTAssertEqual(chunks.map { $0["object"]?.stringValue }, Array(repeating: "text_completion", count: 5))
        XCTAssertEqual(chunks.map { $0["choices"]?.arrayValue?.first?["finish_reason"] }, [.null, .null, .null, .null, .string("length")])
        let text = chunks.compactMap { $0["choices"]?.arrayValue?.first?["text"]?.stringValue }.joined()
        let whole = try JSONReader.parse(try client.request("POST", "/v1/completions",
                                                            body: Array(#"{"model":"m","prompt":"a b c","max_tokens":5}"#.utf8)).body)
        XCTAssertEqual(whole["choices"]?.arrayValue?.first?["text"]?.stringValue, text, "the same tokens whole or streamed")
        XCTAssertEqual(whole["usage"]?["completion_tokens"], .integer(5))
        XCTAssertEqual(whole["usage"]?["prompt_tokens"], .integer(3))
    }

    func testChatStreamsDeltasAndAnswersInOrderOnAPipelinedConnection() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":3,"stream":true}"#
        var raw = Array("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        raw += Array("GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        try client.sendRaw(raw)
        let streamed = try client.readResponse()
        let live = try client.readResponse()
        XCTAssertEqual(live.status, 200, "the quick answer waits for the streamed one before it")
        let chunks = try events(streamed.body).dropLast().map { try JSONReader.parse(String($0.dropFirst("data: ".count))) }
        XCTAssertEqual(chunks.count, 3)
        XCTAssertEqual(chunks.first?["object"]?.stringValue, "chat.completion.chunk")
        XCTAssertEqual(chunks.first?["choices"]?.arrayValue?.first?["delta"]?["role"]?.stringValue, "assistant")
        XCTAssertNotNil(chunks.last?["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue)
    }

    func testBadCompletionRequestsAre400() throws {
        let cases = ["nope", "{}", #"{"model":"m"}"#, #"{"model":"m","prompt":1}"#, #"{"model":"m","prompt":"x","max_tokens":0}"#,
                     #"{"model":"m","prompt":"x","stream":"yes"}"#, #"{"model":"m","messages":[]}"#]
        for body in cases {
            let path = body.contains("messages") ? "/v1/chat/completions" : "/v1/completions"
            let r = try client.request("POST", path, body: Array(body.utf8))
            XCTAssertEqual(r.status, 400, body)
            XCTAssertNotNil(try JSONReader.parse(r.body)["error"]?.stringValue, body)
        }
        XCTAssertEqual(try client.request("GET", "/v1/completions").status, 405)
    }
}
