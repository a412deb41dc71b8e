import BenchStats
import Foundation
import Synchronization
import XCTest
@testable import Serving

/// Conformance with the KServe v2 / Open Inference Protocol REST API over a real socket.
final class InferenceProtocolTests: XCTestCase {
    private var server: ModelServer!
    private var client: HTTPClient!

    override func setUpWithError() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 256 * 1024
        server = try Fixtures.startServer(batching: BatchingConfiguration(enabled: true, maxBatchSize: 8, maxQueueDelayMicroseconds: 100),
                                          limits: limits)
        client = HTTPClient(host: "127.0.0.1", port: server.port)
    }

    override func tearDown() {
        server.stop()
        server.wait()
    }

    private func json(_ r: HTTPClientResponse) throws -> JSONValue { try JSONReader.parse(r.body) }

    private func assertError(_ method: String, _ path: String, _ body: String = "", status: Int,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try client.request(method, path, body: Array(body.utf8))
        XCTAssertEqual(r.status, status, "\(method) \(path) \(body.prefix(80))", file: file, line: line)
        XCTAssertNotNil(try json(r)["error"]?.stringValue, "error body is {\"error\": ...}", file: file, line: line)
    }

    func testHealthAndServerMetadata() throws {
        let live = try client.request("GET", "/v2/health/live")
        XCTAssertEqual(live.status, 200)
        XCTAssertEqual(try json(live)["live"], .bool(true))
        XCTAssertEqual(try client.request("GET", "/v2/health/ready").status, 200)
        let meta = try json(client.request("GET", "/v2"))
        XCTAssertEqual(meta["name"]?.stringValue, "benchkit")
        XCTAssertNotNil(meta["version"]?.stringValue)
        XCTAssertNotNil(meta["extensions"]?.arrayValue)
    }

    func testModelMetadataReadinessAndRepositoryIndex() throws {
        let meta = try json(client.request("GET", "/v2/models/mlp-fp32"))
        XCTAssertEqual(meta["name"]?.stringValue, "mlp-fp32")
        XCTAssertEqual(meta["inputs"]?.arrayValue?.first?["shape"], .array([.integer(-1), .integer(64)]))
        XCTAssertEqual(meta["inputs"]?.arrayValue?.first?["datatype"]?.stringValue, "FP32")
        XCTAssertEqual(meta["outputs"]?.arrayValue?.count, 2)
        XCTAssertEqual(try client.request("GET", "/v2/models/mlp-int8/versions/1").status, 200)
        let ready = try client.request("GET", "/v2/models/mlp-pruned/ready")
        XCTAssertEqual(ready.status, 200)
        XCTAssertEqual(try json(ready)["ready"], .bool(true))
        let index = try json(client.request("POST", "/v2/repository/index"))
        XCTAssertEqual(index.arrayValue?.compactMap { $0["name"]?.stringValue }, ["mlp-fp32", "mlp-int8", "mlp-pruned"])
        XCTAssertEqual(index.arrayValue?.first?["state"]?.stringValue, "READY")
        XCTAssertEqual(index.arrayValue?.first?["version"]?.stringValue, "1")
    }

    func testInferMatchesTheModelForFlatAndNestedData() throws {
        let model = try Fixtures.referenceModels()[0]
        for nested in [false, true] {
            let (body, values) = Fixtures.inferBody(rows: 3, nested: nested)
            let r = try client.request("POST", "/v2/models/mlp-fp32/infer", body: body)
            XCTAssertEqual(r.status, 200)
            let v = try json(r)
            XCTAssertEqual(v["model_name"]?.stringValue, "mlp-fp32")
            XCTAssertEqual(v["model_version"]?.stringValue, "1")
            XCTAssertEqual(v["id"]?.stringValue, "req-1")
            let outputs = v["outputs"]?.arrayValue ?? []
            XCTAssertEqual(outputs.compactMap { $0["name"]?.stringValue }, ["probabilities", "label"])
            XCTAssertEqual(outputs[0]["shape"], .array([.integer(3), .integer(10)]))
            XCTAssertEqual(outputs[0]["datatype"]?.stringValue, "FP32")
            let got = outputs[0]["data"]?.arrayValue?.compactMap { $0.doubleValue.map(Float.init) } ?? []
            let expected = model.probabilities(values, rows: 3)
            XCTAssertEqual(got.count, 30)
            for (a, b) in zip(got, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
            XCTAssertEqual(outputs[1]["data"], .array(model.predict(values, rows: 3).map { .integer(Int64($0)) }))
        }
    }

    func testOutputSelectionAndSingleRowShape() throws {
        let values = (0..<64).map { "\(Double($0) / 64)" }.joined(separator: ",")
        let body = #"{"inputs":[{"name":"input","shape":[64],"datatype":"FP32","data":[\#(values)]}],"outputs":[{"name":"label"}]}"#
        let v = try json(client.request("POST", "/v2/models/mlp-int8/infer", body: Array(body.utf8)))
        XCTAssertEqual(v["outputs"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["label"])
        XCTAssertNil(v["id"])
    }

    func testBadInferRequestsAre400WithErrorBody() throws {
        let path = "/v2/models/mlp-fp32/infer"
        let row = (0..<64).map { _ in "0.5" }.joined(separator: ",")
        func input(_ fields: String) -> String { #"{"inputs":[{\#(fields)}]}"# }
        let cases = [
            "not json", "[]", "{}", #"{"inputs":[]}"#, #"{"inputs":{}}"#, #"{"inputs":[1]}"#,
            input(#""name":"wrong","shape":[1,64],"datatype":"FP32","data":[\#(row)]"#),
            input(#""name":"input","shape":[1,64],"datatype":"INT32","data":[\#(row)]"#),
            input(#""name":"input","shape":[1,64],"datatype":"FLOAT","data":[\#(row)]"#),
            input(#""name":"input","shape":[1,63],"datatype":"FP32","data":[\#(row)]"#),
            input(#""name":"input","shape":[2,64],"datatype":"FP32","data":[\#(row)]"#),
            input(#""name":"input","shape":[0,64],"datatype":"FP32","data":[]"#),
            input(#""name":"input","shape":[-1,64],"datatype":"FP32","data":[\#(row)]"#),
            input(#""name":"input","shape":[1.5,64],"datatype":"FP32","data":[\#(row)]"#),
            input(#""name":"input","shape":[9,64],"datatype":"FP32","data":[\#(Array(repeating: row, count: 9).joined(separator: ","))]"#),
            input(#""name":"input","shape":[1,64],"datatype":"FP32","data":["a"\#(String(repeating: ",1", count: 63))]"#),
            input(#""name":"input","shape":[1,64],"datatype":"FP32","data":[1e39\#(String(repeating: ",1", count: 63))]"#),
            input(#""name":"input","shape":[1,64],"datatype":"FP32","data":[[\#(row)],[1]]"#),
            input(#""name":"input","shape":[1,64],"datatype":"FP32""#),
            input(#""name":"input","datatype":"FP32","data":[\#(row)]"#),
            #"{"inputs":[{"name":"input","shape":[1,64],"datatype":"FP32","data":[\#(row)]}],"outputs":[{"name":"nope"}]}"#,
            #"{"id":5,"inputs":[{"name":"input","shape":[1,64],"datatype":"FP32","data":[\#(row)]}]}"#,
        ]
        for body in cases { try assertError("POST", path, body, status: 400) }
        XCTAssertEqual(try client.request("GET", "/v2/health/live").status, 200, "the server is still fine")
    }

    func testUnknownRoutesModelsAndWrongMethods() throws {
        try assertError("POST", "/v2/models/nope/infer", "{}", status: 404)
        try assertError("GET", "/v2/models/nope", status: 404)
        try assertError("GET", "/v2/models/nope/ready", status: 404)
        try assertError("GET", "/v2/models/mlp-fp32/versions/7", status: 404)
        try assertError("GET", "/v1/models", status: 404)
        try assertError("GET", "/v2/models/mlp-fp32/explain", status: 404)
        try assertError("GET", "/v2/models/mlp-fp32/infer", status: 405)
        try assertError("POST", "/v2/health/live", status: 405)
        try assertError("DELETE", "/v2/models/mlp-fp32", status: 405)
        try assertError("GET", "/v2/repository/index", status: 405)
        let r = try client.request("PUT", "/v2")
        XCTAssertEqual(r.headers["allow"], "GET, HEAD")
    }

    func testOversizedBodyIs413AndServerKeepsServing() throws {
        let big = [UInt8](repeating: 0x20, count: 300 * 1024)
        let r = try HTTPClient(host: "127.0.0.1", port: server.port).request("POST", "/v2/models/mlp-fp32/infer", body: big)
        XCTAssertEqual(r.status, 413)
        XCTAssertEqual(try client.request("GET", "/v2/health/ready").status, 200)
    }

    func testGarbageTrafficDoesNotHurtOtherClients() throws {
        var rng = SplitMix64(seed: 77)
        for _ in 0..<20 {
            let garbage = (0..<Int(rng.next() % 3000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let c = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 2)
            _ = try? c.exchange(raw: garbage + Array("\r\n\r\n".utf8))
        }
        let (body, _) = Fixtures.inferBody(rows: 1)
        XCTAssertEqual(try client.request("POST", "/v2/models/mlp-pruned/infer", body: body).status, 200)
    }

    func testMetricsExposeCountsLatencyAndBatchSizes() throws {
        let (body, _) = Fixtures.inferBody(rows: 2)
        for _ in 0..<3 { _ = try client.request("POST", "/v2/models/mlp-fp32/infer", body: body) }
        _ = try client.request("GET", "/v2/models/nope")
        let r = try client.request("GET", "/metrics")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8")
        let text = String(decoding: r.body, as: UTF8.self)
        XCTAssertTrue(text.contains(#"benchkit_requests_total{endpoint="infer",code="200"} 3"#), text)
        XCTAssertTrue(text.contains(#"benchkit_request_errors_total{endpoint="model_metadata"} 1"#))
        XCTAssertTrue(text.contains(#"benchkit_request_duration_seconds_count{endpoint="infer"} 3"#))
        XCTAssertTrue(text.contains(#"benchkit_batch_size_bucket{model="mlp-fp32",le="+Inf"}"#))
        XCTAssertTrue(text.contains(#"benchkit_inference_rows_total{model="mlp-fp32"} 6"#))
    }

    /// Prometheus's own Accept header gets OpenMetrics, with its content type and `# EOF`.
    func testMetricsAnswerOpenMetricsWhenAskedForIt() throws {
        let accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        _ = try client.request("GET", "/v2/health/live")
        let r = try client.request("GET", "/metrics", headers: [("Accept", accept)])
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.headers["content-type"], "application/openmetrics-text; version=1.0.0; charset=utf-8")
        let text = String(decoding: r.body, as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("\n# EOF\n"), text)
        XCTAssertTrue(text.contains("# TYPE benchkit_requests counter\n"), text)
        XCTAssertTrue(text.contains(#"benchkit_requests_total{endpoint="health_live",code="200"} 1"#), text)
    }

    func testStartingOnATakenPortIsATypedError() throws {
        let clash = ModelServer(configuration: ServerConfiguration(host: "127.0.0.1", port: server.port,
                                                                   models: try Fixtures.referenceModels()))
        XCTAssertThrowsError(try clash.start()) { XCTAssertTrue($0 is SocketError, "\($0)") }
        XCTAssertEqual(try client.request("GET", "/v2/health/live").status, 200)
    }

    /// The event loops run the batches: a lone request waits out the queue delay; concurrent
    /// requests from several connections share one batch, which runs as soon as it is full.
    func testEventLoopsFormBatchesWithinTheDelay() throws {
        let batched = try Fixtures.startServer(batching: BatchingConfiguration(enabled: true, maxBatchSize: 4,
                                                                             maxQueueDelayMicroseconds: 300_000))
        defer {
            batched.stop()
            batched.wait()
        }
        let port = batched.port
        let (body, _) = Fixtures.inferBody(rows: 1)
        var started = Date()
        XCTAssertEqual(try HTTPClient(host: "127.0.0.1", port: port).request("POST", "/v2/models/mlp-fp32/infer", body: body).status, 200)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.29, "a lone request waits for the delay")
        started = Date()
        let answered = DispatchGroup()
        let ok = Atomic<Int>(0)
        for _ in 0..<4 {
            answered.enter()
            Thread {
                if (try? HTTPClient(host: "127.0.0.1", port: port).request("POST", "/v2/models/mlp-fp32/infer", body: body))?.status == 200 {
                    ok.add(1, ordering: .relaxed)
                }
                answered.leave()
            }.start()
        }
        answered.wait()
        XCTAssertEqual(ok.load(ordering: .relaxed), 4)
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.25, "a full batch does not wait for the delay")
        let text = String(decoding: try HTTPClient(host: "127.0.0.1", port: port).request("GET", "/metrics").body, as: UTF8.self)
        XCTAssertTrue(text.contains(#"benchkit_batch_size_count{model="mlp-fp32"} 2"#), text)
        XCTAssertTrue(text.contains(#"benchkit_batch_size_sum{model="mlp-fp32"} 5.0"#), text)
    }

    func testBatchingOffGivesTheSameAnswers() throws {
        let plain = try Fixtures.startServer(batching: .disabled)
        defer {
            plain.stop()
            plain.wait()
        }
        let (body, _) = Fixtures.inferBody(rows: 4, seed: 9)
        let a = try client.request("POST", "/v2/models/mlp-fp32/infer", body: body)
        let b = try HTTPClient(host: "127.0.0.1", port: plain.port).request("POST", "/v2/models/mlp-fp32/infer", body: body)
        XCTAssertEqual(a.status, 200)
        XCTAssertEqual(a.body, b.body)
    }
}
