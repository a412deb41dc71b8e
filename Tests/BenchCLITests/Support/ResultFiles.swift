import BenchKit
import Foundation
import XCTest

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

/// A workspace with base.json and new.json: one benchmark `b` of suite tiny, 6
/// processes around `base` and `new` ns.
func comparedFiles(_ test: XCTestCase, base: Double = 100, new: Double = 130) throws -> String {
    let root = workspace(test)
    func result(_ center: Double) -> ResultFile {
        let samples = patternedSamples(center: center, processes: 6, count: 8, wiggle: 0.002)
        return ResultFile(suite: "tiny", createdAt: "2026-11-22T08:00:00Z", environment: nil, benchmarks: [
            BenchmarkResult(name: "b", metrics: ["time": MetricResult(unit: "ns", better: .lower, samples: samples)])])
    }
    try JSONFiles.writeAtomically(result(base), to: root + "/base.json")
    try JSONFiles.writeAtomically(result(new), to: root + "/new.json")
    return root
}

/// Stores the result file at `path` as this machine's baseline of `suite` directly
/// (`bench baseline update` takes release results only, and tests are debug builds).
func storeAsBaseline(_ path: String, suite: String, in root: String) throws {
    let result = try JSONFiles.readResultFile(path)
    try BaselineStore(directory: root + "/baselines").update(suite: suite, machine: try XCTUnwrap(result.environment?.machine),
                                                           with: result)
}
