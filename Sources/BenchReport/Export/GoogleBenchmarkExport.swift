import BenchKit
import BenchStats
import Foundation

/// Google Benchmark's JSON (`--benchmark_format=json`), so its `tools/compare.py` and the
/// dashboards built on it can read BenchKit results. Each process repetition becomes one
/// `iteration` run (its median time), followed by `median`/`mean`/`stddev` aggregates;
/// other metrics of the benchmark ride along as user counters. Benchmarks without a
/// time metric (ns, us, ms or s) are left out: the format requires a time.
enum GoogleBenchmarkExport {
    struct Context: Codable {
        var date: String
        var host_name: String
        var executable: String
        var num_cpus: Int
        var mhz_per_cpu: Int
        var cpu_scaling_enabled: Bool
        var caches: [String]
        var library_build_type: String
    }

    struct Run: Encodable {
        var name: String
        var family_index: Int
        var per_family_instance_index: Int
        var run_name: String
        var run_type: String
        var repetitions: Int
        var repetition_index: Int?
        var aggregate_name: String?
        var aggregate_unit: String?
        var threads: Int
        var iterations: Int
        var real_time: Double
        var cpu_time: Double
        var time_unit: String
        var counters: [String: Double]

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        /// User counters are top-level keys in Google Benchmark's output.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(name, forKey: Key("name"))
            try container.encode(family_index, forKey: Key("family_index"))
            try container.encode(per_family_instance_index, forKey: Key("per_family_instance_index"))
            try container.encode(run_name, forKey: Key("run_name"))
            try container.encode(run_type, forKey: Key("run_type"))
            try container.encode(repetitions, forKey: Key("repetitions"))
            try container.encodeIfPresent(repetition_index, forKey: Key("repetition_index"))
            try container.encodeIfPresent(aggregate_name, forKey: Key("aggregate_name"))
            try container.encodeIfPresent(aggregate_unit, forKey: Key("aggregate_unit"))
            try container.encode(threads, forKey: Key("threads"))
            try container.encode(iterations, forKey: Key("iterations"))
            try container.encode(real_time, forKey: Key("real_time"))
            try container.encode(cpu_time, forKey: Key("cpu_time"))
            try container.encode(time_unit, forKey: Key("time_unit"))
            for (key, value) in counters.sorted(by: { $0.key < $1.key }) { try container.encode(value, forKey: Key(key)) }
        }
    }

    struct Document: Encodable {
        var context: Context
        var benchmarks: [Run]
    }

    static let timeUnits = ["ns", "us", "ms", "s"]

    static func render(_ input: ExportInput) throws -> String {
        let environment = input.result.environment
        let context = Context(date: input.result.createdAt ?? "", host_name: environment?.hostname ?? "",
                              executable: "bench", num_cpus: environment?.cores ?? 0, mhz_per_cpu: 0,
                              cpu_scaling_enabled: false, caches: [],
                              library_build_type: environment?.build ?? "release")
        var runs: [Run] = []
        var family = 0
        for benchmark in input.result.benchmarks {
            let summaries = benchmark.metrics.keys.sorted().compactMap { name in
                benchmark.metrics[name].flatMap { MetricSummary(benchmark: benchmark.name, metric: name, result: $0) }
            }
            guard let time = summaries.first(where: { timeUnits.contains($0.unit.replacingOccurrences(of: "µ", with: "u")) && !$0.processMedians.isEmpty })
            else { continue }
            let others = summaries.filter { $0.metric != time.metric }
            let unit = time.unit.replacingOccurrences(of: "µ", with: "u")
            let count = time.processMedians.count
            func run(_ type: String, index: Int?, aggregate: String?, value: Double, counters: [String: Double]) -> Run {
                Run(name: benchmark.name + (aggregate.map { "_" + $0 } ?? ""), family_index: family,
                    per_family_instance_index: 0, run_name: benchmark.name, run_type: type, repetitions: count,
                    repetition_index: index, aggregate_name: aggregate, aggregate_unit: aggregate == nil ? nil : "time",
                    threads: 1, iterations: benchmark.iterationsPerSample?[safe: index ?? 0] ?? 1,
                    real_time: value, cpu_time: value, time_unit: unit, counters: counters)
            }
            for (index, median) in time.processMedians.enumerated() {
                var counters: [String: Double] = [:]
                for other in others { counters[other.metric] = other.processMedians[safe: index] ?? other.center }
                runs.append(run("iteration", index: index, aggregate: nil, value: median, counters: counters))
            }
            let mean = time.processMedians.reduce(0, +) / Double(count)
            let deviation = count > 1 ? (time.processMedians.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count - 1)).squareRoot() : 0
            let centers = Dictionary(uniqueKeysWithValues: others.map { ($0.metric, $0.center) })
            runs.append(run("aggregate", index: nil, aggregate: "mean", value: mean, counters: centers))
            runs.append(run("aggregate", index: nil, aggregate: "median", value: (try? BenchStats.median(time.processMedians)) ?? mean, counters: centers))
            runs.append(run("aggregate", index: nil, aggregate: "stddev", value: deviation, counters: [:]))
            family += 1
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(context: context, benchmarks: runs)), as: UTF8.self) + "\n"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
