/// Merges the results of process repetitions into one: each metric's samples (and the
/// CPU times beside them) gain one inner array per process, as the result-file contract says.
public enum ResultMerger {
    public static func merge(_ repetitions: [[BenchmarkResult]]) -> [BenchmarkResult] {
        guard var merged = repetitions.first else { return [] }
        for repetition in repetitions.dropFirst() {
            for result in repetition {
                guard let index = merged.firstIndex(where: { $0.name == result.name }) else {
                    merged.append(result)
                    continue
                }
                for (name, metric) in result.metrics {
                    guard var existing = merged[index].metrics[name] else {
                        merged[index].metrics[name] = metric
                        continue
                    }
                    if let samples = metric.samples {
                        existing.samples = (existing.samples ?? []) + samples
                    }
                    merged[index].metrics[name] = existing
                }
                if let iterations = result.iterationsPerSample {
                    merged[index].iterationsPerSample = (merged[index].iterationsPerSample ?? []) + iterations
                }
                if let cpuTime = result.cpuTime {
                    merged[index].cpuTime = (merged[index].cpuTime ?? []) + cpuTime
                }
            }
        }
        return merged
    }
}
