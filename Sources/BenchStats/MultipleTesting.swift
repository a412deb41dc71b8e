/// Holm-Bonferroni adjusted p-values (step-down; controls the family-wise error rate under
/// any dependence). With sorted p₍₁₎ ≤ … ≤ p₍ₘ₎ the adjusted value of p₍ᵢ₎ is
/// maxⱼ≤ᵢ min(1, (m − j + 1)·p₍ⱼ₎). Returned in input order; empty input gives [].
public func holmAdjusted(_ pValues: [Double]) throws(StatsError) -> [Double] {
    try validateProbabilities(pValues)
    let m = pValues.count
    let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
    var adjusted = [Double](repeating: 0, count: m)
    var running = 0.0
    for (rank, index) in order.enumerated() {
        running = max(running, min(1, Double(m - rank) * pValues[index]))
        adjusted[index] = running
    }
    return adjusted
}

/// Benjamini-Hochberg adjusted p-values (step-up; controls the false discovery rate for
/// independent or positively dependent tests): adjusted p₍ᵢ₎ = minⱼ≥ᵢ min(1, m·p₍ⱼ₎ / j).
/// Returned in input order; empty input gives [].
public func benjaminiHochbergAdjusted(_ pValues: [Double]) throws(StatsError) -> [Double] {
    try validateProbabilities(pValues)
    let m = pValues.count
    let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
    var adjusted = [Double](repeating: 0, count: m)
    var running = 1.0
    for rank in stride(from: m - 1, through: 0, by: -1) {
        let index = order[rank]
        running = min(running, Double(m) * pValues[index] / Double(rank + 1))
        adjusted[index] = running
    }
    return adjusted
}

private func validateProbabilities(_ p: [Double]) throws(StatsError) {
    if let bad = p.first(where: { !($0 >= 0 && $0 <= 1) }) {
        throw .invalidParameter(name: "p-value", value: bad, expected: "a probability in [0, 1]")
    }
}
