/// The one central estimate of a sampled metric that every table, comparison, export and
/// chart shows: the median of the per-process medians. Processes (or lockstep pairs) are
/// the unit of replication, so each counts once however many samples it took, and one
/// unlucky process moves it little. Empty processes are skipped; needs one non-empty.
public func centre(ofProcesses samples: [[Double]]) throws(StatsError) -> Double {
    let medians = samples.filter { !$0.isEmpty }.map(medianUnchecked)
    try validate(medians, "process medians")
    return medianUnchecked(medians)
}
