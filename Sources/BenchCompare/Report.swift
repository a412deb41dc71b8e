import BenchKit
import Foundation

/// Output formats of a comparison report.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}

extension Comparison {
    /// One line: verdict counts, missing benchmarks, and the rule applied.
    public var summaryLine: String {
        let s = summary
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var parts = [plural(s.regressions, "regression"), plural(s.improvements, "improvement"),
                     "\(s.unchanged) unchanged", "\(s.inconclusive) inconclusive"]
        if s.onlyInBaseline + s.onlyInNew > 0 {
            parts.append("\(s.onlyInBaseline) only in baseline, \(s.onlyInNew) only in new")
        }
        let tested = metrics.filter { $0.pValue != nil && $0.derivedFrom == nil }.count
        let derived = metrics.filter { $0.pValue != nil && $0.derivedFrom != nil }.count
        let rule = "alpha \(options.alpha) \(options.correction.rawValue) over \(plural(tested, "tested metric"))"
            + (derived > 0 ? " (\(derived) derived rates tested with their source)" : "")
            + (design == .lockstep ? "; lockstep pairs" + (designNote.map { " (\($0))" } ?? "") : "")
            + (historyRuns.map { "; whole-run spread from \($0) runs" } ?? "")
            + (confirmation.map { "; \($0.measuredAgain.count) regressed metric(s) measured again, \($0.confirmed.count) confirmed" } ?? "")
        let environment = environment.isMismatch ? "; ENVIRONMENTS DIFFER" : ""
        return parts.joined(separator: ", ") + " (\(rule))" + environment
    }

    /// The report in `format`. `colour` adds ANSI colours to text verdicts (use it only on
    /// a terminal); markdown and JSON never carry colour.
    public func render(_ format: ReportFormat, colour: Bool = false) throws -> String {
        switch format {
        case .text: return renderText(colour: colour)
        case .markdown: return renderMarkdown()
        case .json: return try renderJSON()
        }
    }

    /// Aligned plain text: environment warnings first, then the table, notes, missing
    /// benchmarks and the summary line. Text from the files (names, environments) is
    /// escaped for the terminal, here and in markdown.
    public func renderText(colour: Bool = false) -> String {
        var out = ""
        for line in environmentWarnings { out += "WARNING: \(line.escapedForTerminal)\n" }
        if !out.isEmpty { out += "\n" }
        let table = self.table()
        out += table.renderText(decorate: colour ? { row, column, cell in
            column == table.headers.count - 1 ? Self.colourize(cell, self.metrics[row].verdict) : cell
        } : nil)
        out += notesSection(bullet: "  ")
        out += missingSection(bullet: "  ")
        out += "\n" + summaryLine + "\n"
        return out
    }

    /// A GitHub-flavoured markdown report.
    public func renderMarkdown() -> String {
        var out = ""
        for line in environmentWarnings { out += "> **Warning:** \(line.escapedForTerminal)\n" }
        if !out.isEmpty { out += "\n" }
        out += table().renderMarkdown()
        out += notesSection(bullet: "- ")
        out += missingSection(bullet: "- ")
        out += "\n**\(summaryLine)**\n"
        return out
    }

    /// This value as pretty-printed JSON with sorted keys (schema `bench-comparison/1`),
    /// plus the summary line.
    public func renderJSON() throws -> String {
        struct Document: Encodable { let comparison: Comparison; let summaryLine: String }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = try encoder.encode(Document(comparison: self, summaryLine: summaryLine))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private var environmentWarnings: [String] {
        var lines = environment.differences.map { "environments differ: \($0)" }
        if environment.debugBuild { lines.append("a result comes from a debug build: its timings are not meaningful") }
        return lines
    }

    private func table() -> TextTable {
        let level = Int((options.confidenceLevel * 100).rounded())
        var table = TextTable(
            headers: ["benchmark", "metric", "baseline", "new", "change", "\(level)% CI", "p (adj)", "threshold", "verdict"],
            alignments: [.left, .left, .right, .right, .right, .right, .right, .right, .left])
        for m in metrics {
            let interval = m.changeLower.flatMap { lo in m.changeUpper.map { "[\(formatPercent(lo)), \(formatPercent($0))]" } } ?? "-"
            let limit = m.tolerance.map { "±" + formatValue($0, unit: m.unit) } ?? formatPercent(m.threshold, signed: false)
            table.append([m.benchmark, m.metric, formatValue(m.baseline.center, unit: m.unit),
                          formatValue(m.new.center, unit: m.unit), formatPercent(m.change), interval,
                          formatPValue(m.adjustedPValue), limit, m.verdict.rawValue])
        }
        return table
    }

    private func notesSection(bullet: String) -> String {
        let noted = metrics.filter { !$0.notes.isEmpty }
        guard !noted.isEmpty else { return "" }
        return "\nNotes:\n" + noted.map { m in
            bullet + "\(m.benchmark) \(m.metric): \(m.notes.joined(separator: "; "))".escapedForTerminal + "\n"
        }.joined()
    }

    private func missingSection(bullet: String) -> String {
        var out = ""
        if !onlyInBaseline.isEmpty {
            out += "\nOnly in the baseline (not compared):\n" + onlyInBaseline.map { bullet + $0.escapedForTerminal + "\n" }.joined()
        }
        if !onlyInNew.isEmpty {
            out += "\nOnly in the new result (not compared):\n" + onlyInNew.map { bullet + $0.escapedForTerminal + "\n" }.joined()
        }
        return out
    }

    private static func colourize(_ text: String, _ verdict: Verdict) -> String {
        let code: String
        switch verdict {
        case .regression: code = "31;1"
        case .improvement: code = "32"
        case .inconclusive: code = "33"
        case .unchanged: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
