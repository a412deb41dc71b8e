import XCTest
@testable import Serving

/// Token timing of streamed completions: the events of an answer as its bytes arrive,
/// and the figures of a run against the reference server's token generator.
final class TokenStreamTests: XCTestCase {
    func testEventsAreTimedAsTheyArriveWhateverTheSplit() {
        let answer = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1c\r\ndata: {\"text\":\" a\"}\n\n\r\n1c\r\ndata: {\"text\":\" b\"}\n\n\r\ne\r\ndata: [DONE]\n\n\r\n0\r\n\r\n".utf8)
        var stream = TokenStream()
        var gaps: [UInt64] = []
        var received: [UInt8] = []
        for (i, byte) in answer.enumerated() {
            received.append(byte)
            stream.scan(received, now: UInt64(i), gap: { gaps.append($0) })
        }
        XCTAssertEqual(stream.tokens, 2, "[DONE] is not a token")
        XCTAssertEqual(gaps.count, 1)
        XCTAssertEqual(stream.last - stream.first, gaps[0])
        XCTAssertLessThan(stream.first, stream.last)
    }

    func testStreamedCompletionsGiveTokenFiguresAndGoodput() throws {
        let server = try Fixtures.startServer(batching: .disabled)
        defer {
            server.stop()
            server.wait()
        }
        let target = LoadTarget(host: "127.0.0.1", port: server.port, model: "tiny")
        var config = LoadConfiguration(target: target)
        config.request = LoadRequest.completion(target: target, chat: true, promptWords: 8, maxTokens: 4, variants: 2)
        config.tokenSLO = TokenSLO(timeToFirstTokenMilliseconds: 60_000)
        config.duration = 0.3
        config.warmup = 0.05
        config.connections = 8
        let report = try LoadGenerator(configuration: config).run(.server(rate: 100))
        XCTAssertEqual(report.errors, 0, "\(report.errorSamples)")
        let tokens = try XCTUnwrap(report.tokens)
        XCTAssertEqual(tokens.outputTokens, report.requests * 4)
        XCTAssertEqual(tokens.goodput * report.durationSeconds, Double(report.requests), accuracy: 0.5, "every answer within a minute")
        XCTAssertGreaterThan(tokens.timeToFirstToken.p50, 0)
        XCTAssertLessThanOrEqual(tokens.timeToFirstToken.p50, report.latency.p50, "the first token comes before the last")
        XCTAssertGreaterThan(tokens.interTokenLatency.p50, 0)
        XCTAssertTrue(report.text.contains("time to first token ms:"), report.text)
    }
}
