import Foundation

/// A relative change as a percentage: "+3.2%", "-0.4%" (or "3.2%" unsigned).
func formatPercent(_ fraction: Double, signed: Bool = true) -> String {
    let text = String(format: signed ? "%+.1f%%" : "%.1f%%", fraction * 100)
    return text == "-0.0%" ? "+0.0%" : text
}

/// A value with its unit; nanoseconds scale to µs, ms and s. Four significant digits, so
/// that small changes stay visible.
func formatValue(_ value: Double, unit: String) -> String {
    if unit == "ns" {
        let magnitude = abs(value)
        for (scale, name) in [(1e9, "s"), (1e6, "ms"), (1e3, "µs")] where magnitude >= scale {
            return String(format: "%.4g", value / scale) + " " + name
        }
        return String(format: "%.4g ns", value)
    }
    return String(format: "%.4g", value) + (unit.isEmpty ? "" : " \(unit)")
}

/// A p-value in a fixed width: 4 significant digits, scientific below 1e-4.
func formatPValue(_ p: Double?) -> String {
    guard let p else { return "-" }
    return p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p)
}
