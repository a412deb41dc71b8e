import Foundation

/// Number formatting for reports. BenchCompare's formatters are internal to it; these
/// follow the same conventions (signed percent, 4 significant digits, ns scaled).
enum Format {
    static func percent(_ fraction: Double, signed: Bool = true, digits: Int = 1) -> String {
        guard fraction.isFinite else { return fraction > 0 ? "+∞%" : "-∞%" }
        let text = String(format: signed ? "%+.\(digits)f%%" : "%.\(digits)f%%", fraction * 100)
        return text.hasPrefix("-") && Double(text.dropFirst().dropLast()) == 0 ? "+" + text.dropFirst() : text
    }

    static func value(_ value: Double, unit: String) -> String {
        let scale = UnitScale.for(magnitude: abs(value), unit: unit)
        return String(format: "%.4g", value / scale.divisor) + (scale.unit.isEmpty ? "" : " \(scale.unit)")
    }

    static func pValue(_ p: Double) -> String {
        p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p)
    }

    /// A number for machine-readable text (XML attributes, OpenMetrics): shortest exact form.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }
}

/// A display unit for a range of values: nanoseconds become µs, ms or s.
struct UnitScale: Equatable {
    let unit: String
    let divisor: Double

    static func `for`(magnitude: Double, unit: String) -> UnitScale {
        guard unit == "ns" else { return UnitScale(unit: unit, divisor: 1) }
        for (divisor, name) in [(1e9, "s"), (1e6, "ms"), (1e3, "µs")] where magnitude >= divisor {
            return UnitScale(unit: name, divisor: divisor)
        }
        return UnitScale(unit: "ns", divisor: 1)
    }
}
