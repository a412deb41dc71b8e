import BenchKit
import BenchStats
import Foundation

/// Google Benchmark 1.9's JSON (`--benchmark_format=json`) from a result file, so its
/// `tools/compare.py` (which runs its own U test over the repetitions) and dashboards read
/// BenchKit results. Mapping:
/// - a benchmark's time metric ("time", else the first with a time unit) gives the rows;
///   benchmarks without one are left out (the format requires a time);
/// - each process repetition is one `iteration` row: `real_time` is that process's median
///   time per operation, `iterations` the operations it timed (samples × iterations per
///   sample);
/// - with two or more repetitions, as Google Benchmark does, `mean`, `median`, `stddev`
///   (unit "time") and `cv` (stddev / mean, unit "percentage") follow, each over the
///   repetitions' values, with `iterations` = the number of repetitions;
/// - the benchmark's other sampled metrics are user counters: each repetition's median, and
///   in an aggregate row the same statistic over the repetitions (the median row's
///   counters are medians);
/// - `cpu_time`: the process's CPU time per operation, all threads (Google Benchmark's
///   `MeasureProcessCPUTime`), each repetition's median of the CPU times recorded beside
///   the "time" samples; where a result has none (files written before
///   BenchKit recorded it, other time metrics) it repeats `real_time`. The context's
///   `cpu_time_source` says which.
/// - the context's host fields (clock rate, caches, load, scaling) describe the machine
///   exporting, so they are filled only when that is the machine that measured (same
///   host name, or none recorded); otherwise they read as unknown (0, [], []).
enum GoogleBenchmarkExport {
    /// Statistics over the repetitions, in Google Benchmark's order and naming.
    enum Aggregate: String, CaseIterable {
        case mean, median, stddev, cv

        var unit: String { self == .cv ? "percentage" : "time" }

        func of(_ values: [Double]) -> Double {
            let mean = (try? BenchStats.mean(values)) ?? .nan
            switch self {
            case .mean: return mean
            case .median: return (try? BenchStats.median(values)) ?? .nan
            case .stddev: return (try? standardDeviation(values)) ?? .nan
            case .cv: return ((try? standardDeviation(values)) ?? .nan) / mean
            }
        }
    }

    static func render(_ input: ExportInput, host: HostInfo = .probe()) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let rows = runs(input.result)
        let document = GoogleBenchmarkDocument(context: context(input.result, host: host, cpuTime: rows.cpuTime), benchmarks: rows.runs)
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// Where the rows' `cpu_time` came from.
    enum CPUTimeSource: String {
        case measured = "process CPU time per operation, all threads (as MeasureProcessCPUTime)"
        case mixed = "process CPU time where the result file recorded it, else real_time"
        case none = "real_time: the result file records no CPU time"
    }

    static func context(_ file: ResultFile, host: HostInfo, cpuTime: CPUTimeSource) -> GoogleBenchmarkDocument.Context {
        let environment = file.environment
        let measuredHere = environment?.hostname == nil || environment?.hostname == host.hostName
        return .init(date: date(file.createdAt), host_name: environment?.hostname ?? host.hostName, executable: "bench",
                     num_cpus: environment?.cores ?? 0, mhz_per_cpu: measuredHere ? host.mhzPerCPU : 0,
                     cpu_scaling_enabled: measuredHere && host.cpuScalingEnabled, caches: measuredHere ? host.caches : [],
                     load_avg: measuredHere ? host.loadAverages : [], library_version: "BenchKit \(BenchKitVersion.number) (bench-result/1)",
                     library_build_type: environment?.build ?? "release", json_schema_version: 1,
                     cpu_time_source: cpuTime.rawValue)
    }

    /// Google Benchmark's date form, "2026-11-22T08:00:00+00:00", from the result's ISO 8601 time.
    static func date(_ createdAt: String?) -> String {
        guard let createdAt else { return "" }
        return createdAt.hasSuffix("Z") ? String(createdAt.dropLast()) + "+00:00" : createdAt
    }

    /// Each repetition's median CPU time per operation in `unit`, when the benchmark recorded
    /// it for every repetition of its "time" metric.
    static func cpuMedians(_ benchmark: BenchmarkResult, time: MetricSummary, unit: TimeUnit) -> [Double]? {
        guard time.metric == "time", let cpuTime = benchmark.cpuTime, cpuTime.count == time.processMedians.count else { return nil }
        let medians = cpuTime.compactMap { try? BenchStats.median($0) }
        guard medians.count == cpuTime.count else { return nil }
        return medians.map { $0 * 1e-9 / unit.seconds }
    }

    static func runs(_ file: ResultFile) -> (runs: [GoogleBenchmarkDocument.Run], cpuTime: CPUTimeSource) {
        var runs: [GoogleBenchmarkDocument.Run] = []
        var withCPUTime = 0, withoutCPUTime = 0
        for benchmark in file.benchmarks {
            let summaries = benchmark.metrics.keys.sorted().compactMap { name in
                benchmark.metrics[name].flatMap { MetricSummary(benchmark: benchmark.name, metric: name, result: $0) }
            }.filter { !$0.processMedians.isEmpty }
            let times = summaries.filter { TimeUnit(metricUnit: $0.unit) != nil }
            guard let time = times.first(where: { $0.metric == "time" }) ?? times.first,
                  let unit = TimeUnit(metricUnit: time.unit) else { continue }
            let counters = summaries.filter { $0.metric != time.metric && $0.processMedians.count == time.processMedians.count }
            let repetitions = time.processMedians.count
            let family = (runs.last?.family_index).map { $0 + 1 } ?? 0
            let cpu = cpuMedians(benchmark, time: time, unit: unit)
            if cpu == nil { withoutCPUTime += 1 } else { withCPUTime += 1 }
            func row(_ suffix: String, type: String, index: Int?, aggregate: Aggregate?, iterations: Int,
                     value: Double, cpuValue: Double?, counters: [String: Double]) -> GoogleBenchmarkDocument.Run {
                .init(name: benchmark.name + suffix, family_index: family,
                      per_family_instance_index: 0, run_name: benchmark.name, run_type: type, repetitions: repetitions,
                      repetition_index: index, threads: 1, aggregate_name: aggregate?.rawValue, aggregate_unit: aggregate?.unit,
                      iterations: iterations, real_time: value, cpu_time: cpuValue ?? value, time_unit: unit.rawValue, counters: counters)
            }
            for (index, median) in time.processMedians.enumerated() {
                let operations = time.processSamples[index].count * (benchmark.iterationsPerSample?[safe: index] ?? 1)
                runs.append(row("", type: "iteration", index: index, aggregate: nil, iterations: operations, value: median,
                                cpuValue: cpu?[index],
                                counters: Dictionary(uniqueKeysWithValues: counters.map { ($0.metric, $0.processMedians[index]) })))
            }
            if repetitions >= 2 {
                for aggregate in Aggregate.allCases {
                    runs.append(row("_" + aggregate.rawValue, type: "aggregate", index: nil, aggregate: aggregate,
                                    iterations: repetitions, value: aggregate.of(time.processMedians), cpuValue: cpu.map(aggregate.of),
                                    counters: Dictionary(uniqueKeysWithValues: counters.map { ($0.metric, aggregate.of($0.processMedians)) })))
                }
            }
        }
        let source: CPUTimeSource = withCPUTime == 0 ? .none : withoutCPUTime == 0 ? .measured : .mixed
        return (runs, source)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
