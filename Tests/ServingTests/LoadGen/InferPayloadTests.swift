import XCTest
@testable import Serving

/// The requests `bench load` builds: input specs, perf_analyzer input-data files, and JSON
/// or binary bodies that the server decodes to the same values.
final class InferPayloadTests: XCTestCase {
    private let target = LoadTarget(host: "127.0.0.1", port: 8000, model: "mlp-fp32", version: "1")

    func testInputSpecsAreNameShapeDatatype() throws {
        XCTAssertEqual(try InputSpec(parsing: "input-0:1x4:FP32"), InputSpec(name: "input-0", datatype: "FP32", shape: [1, 4]))
        XCTAssertEqual(try InputSpec(parsing: "ids:2,8:int64"), InputSpec(name: "ids", datatype: "INT64", shape: [2, 8]))
        for bad in ["input", "input:1x4", ":1x4:FP32", "input:0x4:FP32", "input:-1:FP32", "input:1x4:FLOAT", "input:axb:FP32", "a:1:FP32:x"] {
            XCTAssertThrowsError(try InputSpec(parsing: bad), bad)
        }
    }

    func testInputDataFileGivesOneRequestPerStep() throws {
        let specs = [InputSpec(name: "a", datatype: "FP32", shape: [1, 2]), InputSpec(name: "b", datatype: "INT64", shape: [2])]
        let file = #"{"data": [{"a": [[1, 2]], "b": [3, 4]}, {"a": {"content": [5, 6, 7, 8], "shape": [2, 2]}, "b": [9, 10]}]}"#
        let steps = try InputDataFile.parse(Array(file.utf8), specs: specs, path: "in.json")
        XCTAssertEqual(steps.count, 2)
        XCTAssertEqual(steps[0][0].values, [.integer(1), .integer(2)], "nested data is flattened")
        XCTAssertEqual(steps[1][0].spec.shape, [2, 2], "a shape in the file overrides the input's")
        XCTAssertEqual(steps[1][1].spec.datatype, "INT64")
        let bad = [
            "not json", #"{"data": []}"#, #"{"data": [1]}"#, #"{"data": [{"a": [1, 2]}]}"#,
            #"{"data": [{"a": [1, 2], "b": [1, 2], "c": [1]}]}"#, #"{"data": [{"a": [1, 2, 3], "b": [1, 2]}]}"#,
            #"{"data": [{"a": {"b64": "AAAA"}, "b": [1, 2]}]}"#,
        ]
        for text in bad {
            XCTAssertThrowsError(try InputDataFile.parse(Array(text.utf8), specs: specs, path: "in.json"), text) { error in
                XCTAssertTrue("\(error)".hasPrefix("input data in.json: "), "\(error)")
            }
        }
    }

    func testBinaryAndJSONBodiesDecodeToTheSameInput() throws {
        let model = try XCTUnwrap(Fixtures.referenceModels().first)
        let spec = InputSpec(name: "input", datatype: "FP32", shape: [2, 64])
        let json = try LoadRequest.infer(target: target, inputs: [spec], variants: 2, seed: 5)
        let binary = try LoadRequest.infer(target: target, inputs: [spec], variants: 2, seed: 5, binary: true)
        XCTAssertEqual(json.path, "/v2/models/mlp-fp32/versions/1/infer")
        for (plain, raw) in zip(json.bodies, binary.bodies) {
            XCTAssertNil(plain.jsonLength)
            let length = try XCTUnwrap(raw.jsonLength)
            XCTAssertEqual(raw.bytes.count, length + 2 * 64 * 4)
            let a = try InferRequestDecoder.decode(plain.bytes, for: model, maxRows: 8)
            let b = try InferRequestDecoder.decode(raw.bytes, headerLength: String(length), for: model, maxRows: 8)
            XCTAssertEqual(a.input, b.input)
            XCTAssertEqual(b.binaryOutputs, ["probabilities", "label"], "binary mode asks for binary outputs")
        }
        XCTAssertNotEqual(json.bodies[0], json.bodies[1], "variants differ")
    }

    func testWireFormCarriesHeadersAndTheJSONLength() throws {
        var request = try LoadRequest.infer(target: target, inputs: [InputSpec(name: "x", datatype: "BYTES", shape: [1])], variants: 1, binary: true)
        request.headers = [("Authorization", "Bearer t")]
        let wire = String(decoding: request.wire(host: "h", port: 1)[0], as: UTF8.self)
        XCTAssertTrue(wire.hasPrefix("POST /v2/models/mlp-fp32/versions/1/infer HTTP/1.1\r\nHost: h:1\r\nAuthorization: Bearer t\r\n"), wire)
        XCTAssertTrue(wire.contains("Content-Type: application/octet-stream\r\nInference-Header-Content-Length: \(request.bodies[0].jsonLength!)\r\n"), wire)
        XCTAssertTrue(wire.contains("Content-Length: \(request.bodies[0].bytes.count)\r\n\r\n"), wire)
    }
}
