import Foundation

/// `bench load`'s value lists: one value, `A,B,C`, or `START:END:STEP` (END included, as
/// perf_analyzer's `--request-rate-range` and `--concurrency-range`).
enum LoadRanges {
    /// Offered rates (> 0), for `--rate`.
    static func rates(_ text: String) throws -> [Double] {
        let rates = try values(text, option: "rate", what: "requests per second (at least 0.001)", minimum: 0.001)
        guard rates.allSatisfy({ $0 <= 10_000_000 }) else {
            throw UsageError("load: --rate expects at most 10000000 requests per second, got '\(text)'")
        }
        return rates
    }

    /// Concurrency levels (whole numbers ≥ 1), for `--levels`.
    static func levels(_ text: String) throws -> [Double] {
        let levels = try values(text, option: "levels", what: "whole numbers ≥ 1", minimum: 1)
        guard levels.allSatisfy({ $0 == $0.rounded() && $0 <= 10_000 }) else {
            throw UsageError("load: --levels expects whole numbers from 1 to 10000, got '\(text)'")
        }
        return levels
    }

    private static func values(_ text: String, option: String, what: String, minimum: Double) throws -> [Double] {
        let usage = "load: --\(option) expects \(what): N, N,N,… or START:END:STEP, got '\(text)'"
        if text.contains(":") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
            guard parts.count == 3, let start = parts[0], let end = parts[1], let step = parts[2],
                  start >= minimum, end >= start, step > 0, start.isFinite, end.isFinite
            else { throw UsageError(usage) }
            let steps = ((end - start) / step + 1e-9).rounded(.down) + 1
            guard steps <= 1000 else { throw UsageError("load: --\(option) '\(text)' makes \(steps) steps; at most 1000") }
            return (0..<Int(steps)).map { start + Double($0) * step }
        }
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= minimum && $0!.isFinite }) else { throw UsageError(usage) }
        return values.map { $0! }
    }
}
