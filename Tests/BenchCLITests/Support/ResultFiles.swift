import Foundation

/// Samples of `processes` processes around `center` with a small deterministic pattern
/// (relative steps of `wiggle`), for result files written by CLI tests.
func patternedSamples(center: Double, processes: Int, count: Int, wiggle: Double, phase: Int = 0) -> [[Double]] {
    var groups: [[Double]] = []
    for p in 0..<processes {
        var group: [Double] = []
        for i in 0..<count {
            let step = Double((phase * 5 + p * 3 + i) % 7)
            group.append(center * (1 + wiggle * step))
        }
        groups.append(group)
    }
    return groups
}
