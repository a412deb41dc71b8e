/// Writes metric families in the Prometheus text format 0.0.4 or OpenMetrics 1.0.0. The two
/// differ in how a counter is named: Prometheus text names the family by its sample,
/// `x_total`; OpenMetrics names the family `x` and its sample `x_total` (a family called
/// `x_total` would clash with that suffix), and ends the text with `# EOF`.
struct ExpositionWriter {
    typealias Labels = [(String, String)]

    let format: ExpositionFormat
    private(set) var text = ""

    init(format: ExpositionFormat) { self.format = format }

    /// A counter family `name` (without `_total`) with one sample per label set.
    mutating func counter(_ name: String, help: String, samples: [(Labels, UInt64)]) {
        header(format == .openMetrics ? name : name + "_total", type: "counter", help: help)
        for (labels, value) in samples { sample(name + "_total", labels, String(value)) }
    }

    /// A histogram family: per label set, cumulative `_bucket`s (with `le`, ending at
    /// `+Inf`), `_sum` and `_count`.
    mutating func histogram(_ name: String, help: String, bounds: [Double],
                            series: [(labels: Labels, counts: [UInt64], sum: Double, count: UInt64)]) {
        header(name, type: "histogram", help: help)
        for s in series {
            var cumulative: UInt64 = 0
            for (bound, count) in zip(bounds, s.counts) {
                cumulative += count
                sample(name + "_bucket", s.labels + [("le", "\(bound)")], String(cumulative))
            }
            sample(name + "_bucket", s.labels + [("le", "+Inf")], String(s.count))
            sample(name + "_sum", s.labels, "\(s.sum)")
            sample(name + "_count", s.labels, String(s.count))
        }
    }

    /// The text with its terminator (`# EOF` for OpenMetrics).
    var finished: String { format == .openMetrics ? text + "# EOF\n" : text }

    private mutating func header(_ family: String, type: String, help: String) {
        text += "# HELP \(family) \(help)\n# TYPE \(family) \(type)\n"
    }

    private mutating func sample(_ name: String, _ labels: Labels, _ value: String) {
        let rendered = labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
        text += labels.isEmpty ? "\(name) \(value)\n" : "\(name){\(rendered)} \(value)\n"
    }

    /// Label values escape backslash, double quote and newline (both formats).
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
