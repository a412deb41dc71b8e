import Serving
import XCTest

/// The exposition's structure in both formats, checked the way strict parsers read it.
final class ServerMetricsTests: XCTestCase {
    private func recorded() -> ServerMetrics {
        let metrics = ServerMetrics()
        metrics.recordRequest(endpoint: "infer", status: 200, seconds: 0.003)
        metrics.recordRequest(endpoint: "infer", status: 200, seconds: 20)
        metrics.recordRequest(endpoint: "model_metadata", status: 404, seconds: 0.0001)
        metrics.recordBatch(model: "odd \"model\"\\name", rows: 3)
        return metrics
    }

    /// Families in order with their type; every sample belongs to the family it follows,
    /// named by the suffixes its type allows in `format`.
    private func families(_ text: String, _ format: ExpositionFormat) throws -> [String: String] {
        var types: [String: String] = [:]
        var current: (name: String, type: String)?
        let suffixes: [ExpositionFormat: [String: [String]]] = [
            .openMetrics: ["counter": ["_total", "_created"], "histogram": ["_bucket", "_sum", "_count", "_created"]],
            .prometheus: ["counter": [""], "histogram": ["_bucket", "_sum", "_count"]],
        ]
        for line in text.split(separator: "\n").map(String.init) where line != "# EOF" {
            let words = line.split(separator: " ").map(String.init)
            if words.first == "#" {
                if words[1] == "TYPE" {
                    XCTAssertNil(types[words[2]], "family \(words[2]) declared twice")
                    types[words[2]] = words[3]
                    current = (words[2], words[3])
                }
                continue
            }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            let family = try XCTUnwrap(current, "sample before any family: \(line)")
            let allowed = suffixes[format]?[family.type] ?? []
            XCTAssertTrue(allowed.contains { family.name + $0 == name }, "\(name) in family \(family.name) (\(family.type))")
            XCTAssertNotNil(Double(words.last ?? ""), line)
        }
        return types
    }

    func testOpenMetricsNamesCounterFamiliesWithoutTotalAndEndsWithEOF() throws {
        let text = recorded().render(.openMetrics)
        XCTAssertTrue(text.hasSuffix("# EOF\n"))
        XCTAssertEqual(text.components(separatedBy: "# EOF").count, 2, "one EOF, at the end")
        let types = try families(text, .openMetrics)
        XCTAssertEqual(types, ["benchkit_requests": "counter", "benchkit_request_errors": "counter",
                               "benchkit_request_duration_seconds": "histogram", "benchkit_batch_size": "histogram",
                               "benchkit_inference_rows": "counter"])
        XCTAssertTrue(text.contains(#"benchkit_requests_total{endpoint="infer",code="200"} 2"#))
        XCTAssertTrue(text.contains(#"benchkit_inference_rows_total{model="odd \"model\"\\name"} 3"#), "label values escaped")
    }

    func testPrometheusTextKeepsTheSampleNamesDashboardsQuery() throws {
        let text = recorded().render(.prometheus)
        XCTAssertFalse(text.contains("# EOF"))
        let types = try families(text, .prometheus)
        XCTAssertEqual(Set(types.keys), ["benchkit_requests_total", "benchkit_request_errors_total",
                                         "benchkit_request_duration_seconds", "benchkit_batch_size", "benchkit_inference_rows_total"])
        XCTAssertTrue(text.contains(#"benchkit_request_errors_total{endpoint="model_metadata"} 1"#))
    }

    func testHistogramBucketsAreCumulativeAndEndAtTheCount() throws {
        let text = recorded().render(.openMetrics)
        let buckets = text.split(separator: "\n").filter { $0.hasPrefix(#"benchkit_request_duration_seconds_bucket{endpoint="infer""#) }
        let counts = buckets.compactMap { Int($0.split(separator: " ").last ?? "") }
        XCTAssertEqual(counts.count, ServerMetrics.latencyBounds.count + 1)
        XCTAssertEqual(counts, counts.sorted(), "cumulative")
        XCTAssertEqual(counts.last, 2, "+Inf holds the 20 s request too")
        XCTAssertEqual(counts.dropLast().last, 1, "the largest finite bound (10 s) does not")
        XCTAssertTrue(text.contains(#"benchkit_request_duration_seconds_count{endpoint="infer"} 2"#))
    }
}
