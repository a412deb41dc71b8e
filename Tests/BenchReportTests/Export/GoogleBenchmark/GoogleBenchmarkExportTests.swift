import BenchKit
import BenchStats
@testable import BenchReport
import Foundation
import XCTest

/// The fields Google Benchmark 1.9 writes and its tools/gbench/report.py reads.
final class GoogleBenchmarkExportTests: XCTestCase {
    private let host = HostInfo(hostName: "host", mhzPerCPU: 2596, cpuScalingEnabled: false,
                                caches: [.init(type: "Data", level: 1, size: 32768, num_sharing: 1)], loadAverages: [0.5, 0.25, 0.125])

    private func export(_ file: ResultFile = resultFile(), host: HostInfo? = nil) throws -> (context: [String: Any], runs: [[String: Any]]) {
        let text = try GoogleBenchmarkExport.render(ExportInput(result: file), host: host ?? self.host)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return (try XCTUnwrap(document["context"] as? [String: Any]), try XCTUnwrap(document["benchmarks"] as? [[String: Any]]))
    }

    func testContextHasEveryFieldOfVersion1_9() throws {
        let context = try export().context
        XCTAssertEqual(context["json_schema_version"] as? Int, 1)
        XCTAssertEqual(context["date"] as? String, "2026-11-22T08:00:00+00:00")
        XCTAssertEqual(context["host_name"] as? String, "host")
        XCTAssertEqual(context["num_cpus"] as? Int, 2)
        XCTAssertEqual(context["mhz_per_cpu"] as? Int, 2596)
        XCTAssertEqual(context["cpu_scaling_enabled"] as? Bool, false)
        XCTAssertEqual(context["load_avg"] as? [Double], [0.5, 0.25, 0.125])
        XCTAssertEqual((context["caches"] as? [[String: Any]])?.first?["size"] as? Int, 32768)
        XCTAssertEqual(context["library_build_type"] as? String, "release")
        XCTAssertFalse((context["library_version"] as? String ?? "").isEmpty)
        XCTAssertTrue((context["cpu_time_source"] as? String ?? "").hasPrefix("real_time"), "says cpu_time is not measured")
    }

    func testCPUTimeIsEachRepetitionsMedianOfTheRecordedCPUTimes() throws {
        var file = resultFile()
        let processes = file.benchmarks[0].metrics["time"]?.samples ?? []
        // Half the wall time on the CPU, as a benchmark that waits half the time would show.
        file.benchmarks[0].cpuTime = processes.map { $0.map { $0 / 2 } }
        let (context, runs) = try export(file)
        let kernel = runs.filter { $0["run_name"] as? String == "kernel/n=64" }
        XCTAssertFalse(kernel.isEmpty)
        for row in kernel where row["aggregate_name"] as? String != "cv" {
            let real = try XCTUnwrap(row["real_time"] as? Double), cpu = try XCTUnwrap(row["cpu_time"] as? Double)
            XCTAssertEqual(cpu, real / 2, accuracy: real * 1e-9, "\(row["name"] ?? "")")
        }
        let cv = try XCTUnwrap(kernel.first { $0["aggregate_name"] as? String == "cv" })
        XCTAssertEqual(try XCTUnwrap(cv["cpu_time"] as? Double), try XCTUnwrap(cv["real_time"] as? Double), accuracy: 1e-12,
                       "halving every value leaves the coefficient of variation")
        let source = context["cpu_time_source"] as? String ?? ""
        XCTAssertTrue(source.hasPrefix("process CPU time where"), "one benchmark has CPU times, the others not: \(source)")
    }

    func testCPUTimesOfAnotherShapeAreNotPairedWithTheWrongRepetition() throws {
        var file = resultFile()
        file.benchmarks[0].cpuTime = [[1, 2, 3]]
        let kernel = try export(file).runs.filter { $0["run_name"] as? String == "kernel/n=64" && $0["run_type"] as? String == "iteration" }
        XCTAssertTrue(kernel.allSatisfy { $0["cpu_time"] as? Double == $0["real_time"] as? Double }, "one CPU array for five processes: not used")
    }

    func testHostFieldsAreUnknownWhenAnotherMachineMeasured() throws {
        var elsewhere = host
        elsewhere.hostName = "exporter"
        let context = try export(host: elsewhere).context
        XCTAssertEqual(context["host_name"] as? String, "host")
        XCTAssertEqual(context["mhz_per_cpu"] as? Int, 0)
        XCTAssertEqual((context["caches"] as? [Any])?.count, 0)
        XCTAssertEqual((context["load_avg"] as? [Any])?.count, 0)
    }

    func testOneIterationRowPerRepetitionWithTheOperationsItTimed() throws {
        let kernel = try export().runs.filter { $0["run_name"] as? String == "kernel/n=64" }
        let iterations = kernel.filter { $0["run_type"] as? String == "iteration" }
        XCTAssertEqual(iterations.compactMap { $0["repetition_index"] as? Int }, [0, 1, 2, 3, 4])
        for row in iterations {
            XCTAssertEqual(row["name"] as? String, "kernel/n=64")
            XCTAssertEqual(row["iterations"] as? Int, 10 * 4, "10 samples of 4 operations")
            XCTAssertEqual(row["threads"] as? Int, 1)
            XCTAssertEqual(row["repetitions"] as? Int, 5)
            XCTAssertEqual(row["time_unit"] as? String, "ns")
            XCTAssertNil(row["aggregate_name"])
        }
        let medians = MetricSummary.all(in: resultFile()).first { $0.label == "kernel/n=64 time" }!.processMedians
        for (row, median) in zip(iterations, medians) {
            XCTAssertEqual(try XCTUnwrap(row["real_time"] as? Double), median, accuracy: median * 1e-12, "each process's median")
        }
        XCTAssertNotNil(iterations.first?["gflops"] as? Double, "other metrics are user counters")
    }

    func testAggregatesAreMeanMedianStddevAndCVOverTheRepetitions() throws {
        let file = resultFile()
        let kernel = try export(file).runs.filter { $0["run_name"] as? String == "kernel/n=64" && $0["run_type"] as? String == "aggregate" }
        XCTAssertEqual(kernel.compactMap { $0["aggregate_name"] as? String }, ["mean", "median", "stddev", "cv"])
        XCTAssertEqual(kernel.compactMap { $0["aggregate_unit"] as? String }, ["time", "time", "time", "percentage"])
        XCTAssertEqual(kernel.compactMap { $0["name"] as? String }, ["mean", "median", "stddev", "cv"].map { "kernel/n=64_" + $0 })
        XCTAssertTrue(kernel.allSatisfy { $0["iterations"] as? Int == 5 && $0["repetition_index"] == nil }, "iterations = repetitions")
        let summaries = MetricSummary.all(in: file)
        let time = summaries.first { $0.label == "kernel/n=64 time" }!.processMedians
        let gflops = summaries.first { $0.label == "kernel/n=64 gflops" }!.processMedians
        let values = kernel.map { ($0["real_time"] as? Double ?? .nan, $0["gflops"] as? Double ?? .nan) }
        XCTAssertEqual(values[0].0, try mean(time), accuracy: 1e-6)
        XCTAssertEqual(values[1].0, try median(time), accuracy: 1e-6)
        XCTAssertEqual(values[2].0, try standardDeviation(time), accuracy: 1e-6)
        XCTAssertEqual(values[3].0, try standardDeviation(time) / mean(time), accuracy: 1e-12)
        XCTAssertEqual(values[1].1, try median(gflops), accuracy: 1e-12, "the median row's counters are medians")
    }

    func testASingleRepetitionHasNoAggregatesAsInGoogleBenchmark() throws {
        var file = resultFile()
        file.benchmarks[0].metrics["time"]?.samples = [[2e6, 2.1e6, 1.9e6]]
        file.benchmarks[0].metrics["gflops"] = nil
        let kernel = try export(file).runs.filter { $0["run_name"] as? String == "kernel/n=64" }
        XCTAssertEqual(kernel.count, 1)
        XCTAssertEqual(kernel.first?["real_time"] as? Double, 2e6)
    }

    func testHostInfoIsReadFromSysfsAndProc() throws {
        let root = temporaryDirectory(self) + "/"
        func write(_ path: String, _ text: String) throws {
            try FileManager.default.createDirectory(atPath: root + (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: root + path, atomically: true, encoding: .utf8)
        }
        let cpu = "sys/devices/system/cpu/"
        try write("proc/cpuinfo", "processor\t: 0\ncpu MHz\t\t: 2596.140\n")
        try write("proc/loadavg", "3.16 4.02 3.22 6/115 25598\n")
        try write(cpu + "cpu0/cache/index0/type", "Data\n")
        try write(cpu + "cpu0/cache/index0/level", "1\n")
        try write(cpu + "cpu0/cache/index0/size", "32K\n")
        try write(cpu + "cpu0/cache/index0/shared_cpu_map", "00000003\n")
        try write(cpu + "cpu0/cache/index1/type", "Unified\n")
        try write(cpu + "cpu0/cache/index1/level", "3\n")
        try write(cpu + "cpu0/cache/index1/size", "32768K\n")
        var info = HostInfo.probe(root: root)
        XCTAssertEqual(info.mhzPerCPU, 2596, "from /proc/cpuinfo")
        XCTAssertEqual(info.loadAverages, [3.16, 4.02, 3.22])
        XCTAssertEqual(info.caches, [.init(type: "Data", level: 1, size: 32768, num_sharing: 2),
                                     .init(type: "Unified", level: 3, size: 32 * 1024 * 1024, num_sharing: 1)])
        XCTAssertFalse(info.cpuScalingEnabled)
        try write(cpu + "cpu0/cpufreq/cpuinfo_max_freq", "3500000\n")
        try write(cpu + "cpu0/cpufreq/scaling_governor", "powersave\n")
        info = HostInfo.probe(root: root)
        XCTAssertEqual(info.mhzPerCPU, 3500, "sysfs first, as Google Benchmark reads it")
        XCTAssertTrue(info.cpuScalingEnabled)
    }
}
