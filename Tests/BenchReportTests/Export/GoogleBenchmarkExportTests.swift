import BenchKit
@testable import BenchReport
import Foundation
import XCTest

/// Checks the fields Google Benchmark's tools/gbench/report.py reads: `context`, and for
/// each run `name`, `run_name`, `run_type`, `real_time`, `cpu_time`, `time_unit`,
/// `repetitions`, `aggregate_name` on aggregates.
final class GoogleBenchmarkExportTests: XCTestCase {
    func testOneIterationRunPerProcessThenAggregates() throws {
        let text = try ExportInput(result: resultFile()).render(.googleBenchmark)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let context = try XCTUnwrap(document["context"] as? [String: Any])
        XCTAssertEqual(context["num_cpus"] as? Int, 2)
        XCTAssertEqual(context["library_build_type"] as? String, "release")
        let runs = try XCTUnwrap(document["benchmarks"] as? [[String: Any]])
        let kernel = runs.filter { $0["run_name"] as? String == "kernel/n=64" }
        XCTAssertEqual(kernel.filter { $0["run_type"] as? String == "iteration" }.count, 5)
        XCTAssertEqual(kernel.compactMap { $0["aggregate_name"] as? String }, ["mean", "median", "stddev"])
        for run in runs {
            for key in ["name", "run_name", "run_type", "time_unit"] { XCTAssertTrue(run[key] is String, "\(key) in \(run)") }
            for key in ["real_time", "cpu_time"] { XCTAssertTrue(run[key] is NSNumber, "\(key) in \(run)") }
            XCTAssertTrue(["ns", "us", "ms", "s"].contains(run["time_unit"] as? String ?? ""))
            XCTAssertEqual(run["repetitions"] as? Int, 5)
        }
        let first = try XCTUnwrap(kernel.first)
        XCTAssertEqual(try XCTUnwrap(first["real_time"] as? Double), 2.0e6, accuracy: 2.0e4)
        XCTAssertEqual(first["iterations"] as? Int, 4)
        XCTAssertNotNil(first["gflops"] as? Double, "other metrics are user counters")
        let median = try XCTUnwrap(kernel.first { $0["aggregate_name"] as? String == "median" })
        XCTAssertEqual(median["name"] as? String, "kernel/n=64_median")
    }
}
