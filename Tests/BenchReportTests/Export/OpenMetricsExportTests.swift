import BenchKit
@testable import BenchReport
import Foundation
import XCTest

/// A strict reader of the OpenMetrics text format for gauges: `# TYPE`/`# HELP` before a
/// family's samples, names and labels by the grammar, escaped label values, numeric
/// values, families not interleaved, and the final `# EOF`.
private struct OpenMetricsReader {
    struct Sample { var name: String; var labels: [String: String]; var value: Double }
    var samples: [Sample] = []
    var types: [String: String] = [:]

    init(_ text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "" else { throw Failure("text must end with a newline") }
        lines.removeLast()
        guard lines.last == "# EOF" else { throw Failure("missing # EOF") }
        lines.removeLast()
        let name = try NSRegularExpression(pattern: "^[a-zA-Z_:][a-zA-Z0-9_:]*$")
        var finished = Set<String>(), current: String?
        for line in lines {
            if line.hasPrefix("# ") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count >= 3, ["TYPE", "HELP", "UNIT"].contains(parts[1]) else { throw Failure("bad comment: \(line)") }
                guard name.firstMatch(in: parts[2], range: NSRange(parts[2].startIndex..., in: parts[2])) != nil else { throw Failure("bad name: \(line)") }
                if parts[1] == "TYPE" {
                    if let current { finished.insert(current) }
                    guard !finished.contains(parts[2]) else { throw Failure("family \(parts[2]) interleaved") }
                    types[parts[2]] = parts.count > 3 ? parts[3] : ""
                    current = parts[2]
                }
                continue
            }
            samples.append(try Self.sample(line, family: current))
        }
    }

    static func sample(_ line: String, family: String?) throws -> Sample {
        guard let brace = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") else { throw Failure("no labels: \(line)") }
        let metric = String(line[..<brace])
        guard metric == family else { throw Failure("sample \(metric) outside its family \(family ?? "-")") }
        var labels: [String: String] = [:]
        var rest = Substring(line[line.index(after: brace)..<close])
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "=") else { throw Failure("bad label in \(line)") }
            let key = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            guard rest.first == "\"" else { throw Failure("unquoted label value in \(line)") }
            rest = rest.dropFirst()
            var value = ""
            while let character = rest.first, character != "\"" {
                rest = rest.dropFirst()
                if character == "\\" {
                    guard let escaped = rest.first, ["\\", "\"", "n"].contains(escaped) else { throw Failure("bad escape in \(line)") }
                    value.append(escaped == "n" ? "\n" : escaped)
                    rest = rest.dropFirst()
                } else {
                    guard character != "\n" else { throw Failure("raw newline") }
                    value.append(character)
                }
            }
            guard rest.first == "\"" else { throw Failure("unterminated label value in \(line)") }
            rest = rest.dropFirst()
            if rest.first == "," { rest = rest.dropFirst() }
            labels[key] = value
        }
        let valueText = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
        guard let value = Double(valueText) else { throw Failure("bad value in \(line)") }
        return Sample(name: metric, labels: labels, value: value)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

final class OpenMetricsExportTests: XCTestCase {
    func testResultFileGivesValidGaugesPerMetricAndProcess() throws {
        let metrics = try OpenMetricsReader(try ExportInput(result: resultFile()).render(.openmetrics))
        XCTAssertEqual(metrics.types["bench_value"], "gauge")
        XCTAssertEqual(metrics.samples.filter { $0.name == "bench_value" }.count, 4)
        XCTAssertEqual(metrics.samples.filter { $0.name == "bench_process_median" && $0.labels["benchmark"] == "kernel/n=64" }.count, 10)
        let quoted = metrics.samples.first { $0.labels["benchmark"] == "tiny <&> \"quoted\"" && $0.labels["metric"] == "error" }
        XCTAssertEqual(quoted?.value, 1e-6)
        XCTAssertNil(metrics.types["bench_regression"], "no comparison, no verdict gauges")
    }

    func testComparisonAddsChangeIntervalAndRegressionFlag() throws {
        let pair = try regressedPair()
        let metrics = try OpenMetricsReader(try ExportInput(result: pair.new, comparison: pair.comparison).render(.openmetrics))
        let flags = metrics.samples.filter { $0.name == "bench_regression" }
        XCTAssertEqual(flags.filter { $0.value == 1 }.map { $0.labels["metric"] ?? "" }.sorted(), ["gflops", "time"])
        XCTAssertEqual(flags.filter { $0.value == 1 }.compactMap { $0.labels["benchmark"] }, ["kernel/n=64", "kernel/n=64"])
        let change = try XCTUnwrap(metrics.samples.first { $0.name == "bench_change_ratio" && $0.labels["metric"] == "time" && $0.labels["benchmark"] == "kernel/n=64" })
        XCTAssertEqual(change.value, 0.2, accuracy: 0.02)
        let lower = try XCTUnwrap(metrics.samples.first { $0.name == "bench_change_ratio_lower" && $0.labels == change.labels })
        XCTAssertLessThan(lower.value, change.value)
    }
}
