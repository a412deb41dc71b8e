/// The JSON Google Benchmark 1.9 writes with `--benchmark_format=json` (json_schema_version
/// 1), field for field, so its `tools/compare.py` and the dashboards built on it read
/// BenchKit results as their own. Keys are written sorted, for stable diffs; readers go by
/// name.
struct GoogleBenchmarkDocument: Encodable {
    var context: Context
    var benchmarks: [Run]

    struct Context: Encodable {
        var date: String
        var host_name: String
        var executable: String
        var num_cpus: Int
        var mhz_per_cpu: Int
        var cpu_scaling_enabled: Bool
        var caches: [Cache]
        var load_avg: [Double]
        var library_version: String
        var library_build_type: String
        var json_schema_version: Int
        /// Not a Google Benchmark field (readers ignore unknown context keys): says where
        /// `cpu_time` comes from (process CPU time where the result file recorded it).
        var cpu_time_source: String
    }

    struct Cache: Encodable, Equatable {
        var type: String
        var level: Int
        /// Bytes.
        var size: Int
        var num_sharing: Int
    }

    /// One row: a repetition (`run_type` "iteration") or a statistic over the repetitions
    /// (`aggregate`). User counters are top-level keys after the fixed fields.
    struct Run: Encodable {
        var name: String
        var family_index: Int
        var per_family_instance_index: Int
        var run_name: String
        var run_type: String
        var repetitions: Int
        var repetition_index: Int?
        var threads: Int
        var aggregate_name: String?
        var aggregate_unit: String?
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

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(name, forKey: Key("name"))
            try container.encode(family_index, forKey: Key("family_index"))
            try container.encode(per_family_instance_index, forKey: Key("per_family_instance_index"))
            try container.encode(run_name, forKey: Key("run_name"))
            try container.encode(run_type, forKey: Key("run_type"))
            try container.encode(repetitions, forKey: Key("repetitions"))
            try container.encodeIfPresent(repetition_index, forKey: Key("repetition_index"))
            try container.encode(threads, forKey: Key("threads"))
            try container.encodeIfPresent(aggregate_name, forKey: Key("aggregate_name"))
            try container.encodeIfPresent(aggregate_unit, forKey: Key("aggregate_unit"))
            try container.encode(iterations, forKey: Key("iterations"))
            try container.encode(real_time, forKey: Key("real_time"))
            try container.encode(cpu_time, forKey: Key("cpu_time"))
            try container.encode(time_unit, forKey: Key("time_unit"))
            for (key, value) in counters.sorted(by: { $0.key < $1.key }) { try container.encode(value, forKey: Key(key)) }
        }
    }
}
