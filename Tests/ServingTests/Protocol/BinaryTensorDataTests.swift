import Foundation
import XCTest
@testable import Serving

/// Triton's binary tensor data extension, as tritonclient and the KServe SDK use it by default.
final class BinaryTensorDataTests: ServerTestCase {
    private let path = "/v2/models/mlp-fp32/infer"

    private func post(_ body: [UInt8], headerLength: Int?) throws -> HTTPClientResponse {
        try client.request("POST", path, body: body, headers: headerLength.map { [(BinaryTensorData.headerName, String($0))] } ?? [])
    }

    private func binaryRequest(json: String, floats: [Float]) -> ([UInt8], Int) {
        var body = Array(json.utf8)
        for f in floats { BinaryTensorData.appendLittleEndian(f.bitPattern, to: &body) }
        return (body, json.utf8.count)
    }

    func testTheRecordedTritonclientRequestGetsTheRecordedAnswer() throws {
        let response = try post(TritonRecording.request, headerLength: TritonRecording.requestHeaderLength)
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
        XCTAssertEqual(response.headers[BinaryTensorData.headerName], String(TritonRecording.responseHeaderLength))
        XCTAssertEqual(response.headers["content-type"], "application/octet-stream")
        let split = TritonRecording.responseHeaderLength
        XCTAssertEqual(String(decoding: response.body.prefix(split), as: UTF8.self),
                       String(decoding: TritonRecording.response.prefix(split), as: UTF8.self), "the JSON header, byte for byte")
        XCTAssertEqual(response.body.count, TritonRecording.response.count)
        let got = BinaryTensorData.floats(response.body[split..<(split + 40)])
        let recorded = BinaryTensorData.floats(TritonRecording.response[split..<(split + 40)])
        for (g, r) in zip(got, recorded) { XCTAssertEqual(g, r, accuracy: 1e-5) }
        XCTAssertEqual(Array(response.body.suffix(8)), Array(TritonRecording.response.suffix(8)), "the INT64 label")
    }

    func testBinaryInputGivesTheSameAnswerAsJSONAndOutputsCanBeMixed() throws {
        let (json, values) = Fixtures.inferBody(rows: 2)
        let plain = try JSONReader.parse(try post(json, headerLength: nil).body)
        let header = #"{"inputs":[{"name":"input","shape":[2,64],"datatype":"FP32","parameters":{"binary_data_size":512}}],"#
            + #""outputs":[{"name":"probabilities","parameters":{"binary_data":true}},{"name":"label"}]}"#
        let (body, length) = binaryRequest(json: header, floats: values)
        let response = try post(body, headerLength: length)
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
        let jsonLength = try XCTUnwrap(response.headers[BinaryTensorData.headerName].flatMap { Int($0) })
        let answer = try JSONReader.parse(Array(response.body.prefix(jsonLength)))
        let outputs = try XCTUnwrap(answer["outputs"]?.arrayValue)
        XCTAssertEqual(outputs[0]["parameters"]?["binary_data_size"], .integer(80))
        XCTAssertNil(outputs[0]["data"])
        XCTAssertEqual(outputs[1]["data"], plain["outputs"]?.arrayValue?[1]["data"], "label as JSON, as asked")
        let probabilities = BinaryTensorData.floats(response.body[jsonLength...])
        let expected = try XCTUnwrap(plain["outputs"]?.arrayValue?[0]["data"]?.arrayValue?.compactMap(\.doubleValue))
        XCTAssertEqual(probabilities.count, 20)
        for (p, e) in zip(probabilities, expected) { XCTAssertEqual(Double(p), e, accuracy: 1e-6) }
    }

    func testMalformedBinaryRequestsAre400WithErrorBody() throws {
        let row = [Float](repeating: 0.5, count: 64)
        func input(_ parameters: String, data: String = "") -> String {
            #"{"inputs":[{"name":"input","shape":[1,64],"datatype":"FP32","parameters":\#(parameters)\#(data)}]}"#
        }
        let cases: [(String, [Float], headerLength: String?)] = [
            (input(#"{"binary_data_size":255}"#), row, nil),
            (input(#"{"binary_data_size":"256"}"#), row, nil),
            (input(#"{"binary_data_size":256}"#), Array(row.prefix(63)), nil),
            (input(#"{"binary_data_size":256}"#), row + [1], nil),
            (input(#"{"binary_data_size":256}"#, data: #","data":[1]"#), row, nil),
            (input(#"{"binary_data_size":256}"#), [Float.nan] + Array(row.dropFirst()), nil),
            (input(#"{"binary_data_size":256}"#), row, "99999"),
            (input(#"{"binary_data_size":256}"#), row, "-1"),
            (input(#"{"binary_data_size":256}"#), row, "12"),
            (#"{"inputs":[{"name":"input","shape":[1,64],"datatype":"FP32","parameters":{"binary_data_size":256}}],"parameters":{"binary_data_output":1}}"#, row, nil),
        ]
        for (json, floats, headerLength) in cases {
            let (body, length) = binaryRequest(json: json, floats: floats)
            let headers = [(BinaryTensorData.headerName, headerLength ?? String(length))]
            let response = try client.request("POST", path, body: body, headers: headers)
            XCTAssertEqual(response.status, 400, "\(json) with \(floats.count) floats, header \(headers[0].1)")
            XCTAssertNotNil(try JSONReader.parse(response.body)["error"]?.stringValue)
        }
        XCTAssertEqual(try client.request("GET", "/v2/health/live").status, 200, "the server is still fine")
    }
}
