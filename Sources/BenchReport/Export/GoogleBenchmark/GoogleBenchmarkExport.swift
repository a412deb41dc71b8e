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
/// - `cpu_time`: BenchKit records wall-clock time only, so `cpu_time` repeats `real_time`
///   (for these single-threaded benchmarks the two differ only by time spent blocked);
///   the context says so in `cpu_time_source`. compare.py's CPU columns then equal its
///   time columns.
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
        let document = GoogleBenchmarkDocument(context: context(input.result, host: host), benchmarks: runs(input.result))
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    static func context(_ file: ResultFile, host: HostInfo) -> GoogleBenchmarkDocument.Context {
        let environment = file.environment
        let measuredHere = environment?.hostname == nil || environment?.hostname == host.hostName
        return .init(date: date(file.createdAt), host_name: environment?.hostname ?? host.hostName, executable: "bench",
                     num_cpus: environment?.cores ?? 0, mhz_per_cpu: measuredHere ? host.mhzPerCPU : 0,
                     cpu_scaling_enabled: measuredHere && host.cpuScalingEnabled, caches: measuredHere ? host.caches : [],
                     load_avg: measuredHere ? host.loadAverages : [], library_version: "BenchKit (bench-result/1)",
                     library_build_type: environment?.build ?? "release", json_schema_version: 1,
                     cpu_time_source: "real_time: BenchKit records wall-clock time only")
    }

    /// Google Benchmark's date form, "2026-11-22T08:00:00+00:00", from the result's ISO 8601 time.
    static func date(_ createdAt: String?) -> String {
        guard let createdAt else { return "" }
        return createdAt.hasSuffix("Z") ? String(createdAt.dropLast()) + "+00:00" : createdAt
    }

    static func runs(_ file: ResultFile) -> [GoogleBenchmarkDocument.Run] {
        var runs: [GoogleBenchmarkDocument.Run] = []
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
            func row(_ suffix: String, type: String, index: Int?, aggregate: Aggregate?, iterations: Int,
                     value: Double, counters: [String: Double]) -> GoogleBenchmarkDocument.Run {
                .init(name: benchmark.name + suffix, family_index: family,
                      per_family_instance_index: 0, run_name: benchmark.name, run_type: type, repetitions: repetitions,
                      repetition_index: index, threads: 1, aggregate_name: aggregate?.rawValue, aggregate_unit: aggregate?.unit,
                      iterations: iterations, real_time: value, cpu_time: value, time_unit: unit.rawValue, counters: counters)
            }
            for (index, median) in time.processMedians.enumerated() {
                let operations = time.processSamples[index].count * (benchmark.iterationsPerSample?[safe: index] ?? 1)
                runs.append(row("", type: "iteration", index: index, aggregate: nil, iterations: operations, value: median,
                                counters: Dictionary(uniqueKeysWithValues: counters.map { ($0.metric, $0.processMedians[index]) })))
            }
            if repetitions >= 2 {
                for aggregate in Aggregate.allCases {
                    runs.append(row("_" + aggregate.rawValue, type: "aggregate", index: nil, aggregate: aggregate,
                                    iterations: repetitions, value: aggregate.of(time.processMedians),
                                    counters: Dictionary(uniqueKeysWithValues: counters.map { ($0.metric, aggregate.of($0.processMedians)) })))
                }
            }
        }
        return runs
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
