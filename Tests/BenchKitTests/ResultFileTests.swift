import Foundation
import XCTest
@testable import BenchKit

final class ResultFileTests: XCTestCase {
    func testTheDesignExampleDecodes() throws {
        let json = """
        { "schema": "bench-result/1", "suite": "kernels", "createdAt": "2026-11-22T08:00:00Z",
          "environment": { "cpu": "...", "cores": 2, "os": "...", "swift": "6.3.1", "build": "release",
                           "commit": "...", "fingerprint": "..." },
          "benchmarks": [ { "name": "matmul/fp32/tiled/n=512", "parameters": { "n": 512 },
              "metrics": { "time": { "unit": "ns", "better": "lower", "samples": [[3.41e6, 3.38e6, 3.45e6], [3.47e6, 3.40e6]] },
                           "gflops": { "unit": "GFLOP/s", "better": "higher", "samples": [[78.7, 79.4, 77.8], [77.4, 79.0]] } } } ] }
        """
        let file = try JSONDecoder().decode(ResultFile.self, from: Data(json.utf8))
        XCTAssertEqual(file.benchmarks[0].parameters?["n"], .int(512))
        XCTAssertEqual(file.benchmarks[0].metrics["time"]?.samples?.count, 2, "one inner array per process")
        XCTAssertEqual(file.benchmarks[0].metrics["gflops"]?.better, .higher)
        XCTAssertEqual(file.environment?.cores, 2)
    }

    func testMinimalFileNeedsOnlySchemaBenchmarksNamesAndMetrics() throws {
        let json = #"{"schema":"bench-result/1","benchmarks":[{"name":"a","metrics":{"accuracy":{"unit":"","better":"higher","value":0.97,"tolerance":0.01}}}]}"#
        let file = try JSONDecoder().decode(ResultFile.self, from: Data(json.utf8))
        XCTAssertNil(file.environment)
        XCTAssertEqual(file.benchmarks[0].metrics["accuracy"]?.value, 0.97)
    }

    func testRoundTripThroughAFileIsLossless() throws {
        let directory = temporaryDirectory(self)
        let original = sampleResult()
        try JSONFiles.writeAtomically(original, to: directory + "/r.json")
        XCTAssertEqual(try JSONFiles.readResultFile(directory + "/r.json"), original)
    }

    func testParameterValuesKeepTheirType() throws {
        let values: [ParameterValue] = [.int(3), .double(0.5), .string("csr")]
        let data = try JSONEncoder().encode(values)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"[3,0.5,"csr"]"#)
        XCTAssertEqual(try JSONDecoder().decode([ParameterValue].self, from: data), values)
    }
}
