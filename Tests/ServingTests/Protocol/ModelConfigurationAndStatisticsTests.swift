import XCTest
@testable import Serving

/// `GET /v2/models/{name}/config` and the statistics routes, in Triton's shapes, which
/// perf_analyzer and tritonclient read.
final class ModelConfigurationAndStatisticsTests: ServerTestCase {
    override var batching: BatchingConfiguration { BatchingConfiguration(enabled: true, maxBatchSize: 8, maxQueueDelayMicroseconds: 250) }

    private func json(_ method: String, _ path: String, body: [UInt8] = []) throws -> (Int, JSONValue) {
        let r = try client.request(method, path, body: body)
        return (r.status, try JSONReader.parse(r.body))
    }

    func testConfigHasBatchingAndPerRowDims() throws {
        let (status, config) = try json("GET", "/v2/models/mlp-int8/config")
        XCTAssertEqual(status, 200)
        XCTAssertEqual(config["name"]?.stringValue, "mlp-int8")
        XCTAssertEqual(config["max_batch_size"], .integer(8))
        let input = try XCTUnwrap(config["input"]?.arrayValue?.first)
        XCTAssertEqual(input["data_type"]?.stringValue, "TYPE_FP32")
        XCTAssertEqual(input["dims"], .array([.integer(64)]), "the batch dimension is left out")
        XCTAssertEqual(config["output"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["probabilities", "label"])
        XCTAssertEqual(config["output"]?.arrayValue?.last?["data_type"]?.stringValue, "TYPE_INT64")
        XCTAssertEqual(config["dynamic_batching"]?["max_queue_delay_microseconds"], .integer(250))
        XCTAssertEqual(try json("GET", "/v2/models/mlp-int8/versions/1/config").0, 200)
        XCTAssertEqual(try json("GET", "/v2/models/mlp-int8/versions/2/config").0, 404)
        XCTAssertEqual(try json("POST", "/v2/models/mlp-int8/config").0, 405)
    }

    func testStatisticsCountSuccessesFailuresAndBatches() throws {
        let (body, _) = Fixtures.inferBody(rows: 3)
        for _ in 0..<4 { XCTAssertEqual(try client.request("POST", "/v2/models/mlp-fp32/infer", body: body).status, 200) }
        XCTAssertEqual(try client.request("POST", "/v2/models/mlp-fp32/versions/1/infer", body: Array("{}".utf8)).status, 400)
        let (status, all) = try json("GET", "/v2/models/stats")
        XCTAssertEqual(status, 200)
        XCTAssertEqual(all["model_stats"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["mlp-fp32", "mlp-int8", "mlp-pruned"])
        for path in ["/v2/models/mlp-fp32/stats", "/v2/models/mlp-fp32/versions/1/stats"] {
            let stats = try XCTUnwrap(try json("GET", path).1["model_stats"]?.arrayValue?.first)
            XCTAssertEqual(stats["version"]?.stringValue, "1")
            XCTAssertEqual(stats["inference_count"], .integer(12), "rows")
            XCTAssertEqual(stats["execution_count"], .integer(4))
            let inference = try XCTUnwrap(stats["inference_stats"])
            XCTAssertEqual(inference["success"]?["count"], .integer(4))
            XCTAssertEqual(inference["fail"]?["count"], .integer(1))
            XCTAssertEqual(inference["queue"]?["count"], .integer(4))
            XCTAssertEqual(inference["compute_infer"]?["count"], .integer(4))
            XCTAssertEqual(inference["compute_input"]?["count"], .integer(4), "perf_analyzer requires the three compute counts equal")
            XCTAssertEqual(inference["compute_output"]?["count"], .integer(4))
            let success = try XCTUnwrap(inference["success"]?["ns"]?.doubleValue)
            let parts = try XCTUnwrap(inference["queue"]?["ns"]?.doubleValue) + (inference["compute_infer"]?["ns"]?.doubleValue ?? 0)
            XCTAssertEqual(parts, success, "queue and compute add up to the request time")
            XCTAssertEqual(stats["batch_stats"]?.arrayValue?.first?["batch_size"], .integer(3))
            XCTAssertGreaterThan(stats["last_inference"]?.doubleValue ?? 0, 1.7e12, "milliseconds since 1970")
        }
        XCTAssertEqual(try json("GET", "/v2/models/nope/stats").0, 404)
    }
}
