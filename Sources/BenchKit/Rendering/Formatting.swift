import Foundation

/// A relative change as a percentage: "+3.2%", "-0.4%" (or "3.2%" unsigned); never "-0.0%".
public func formatPercent(_ fraction: Double, signed: Bool = true, digits: Int = 1) -> String {
    guard fraction.isFinite else { return fraction > 0 ? "+∞%" : (fraction < 0 ? "-∞%" : "NaN%") }
    let text = String(format: signed ? "%+.\(digits)f%%" : "%.\(digits)f%%", fraction * 100)
    return text.hasPrefix("-") && Double(text.dropFirst().dropLast()) == 0 ? "+" + text.dropFirst() : text
}

/// A value with its unit; nanoseconds scale to µs, ms and s. Four significant digits, so
/// that small changes stay visible.
public func formatValue(_ value: Double, unit: String) -> String {
    let scale = UnitScale.for(magnitude: abs(value), unit: unit)
    return String(format: "%.4g", value / scale.divisor) + (scale.unit.isEmpty ? "" : " \(scale.unit)")
}

/// A p-value in a fixed width: 4 decimals, scientific below 1e-4; "-" when there is none.
public func formatPValue(_ p: Double?) -> String {
    guard let p else { return "-" }
    return p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p)
}

/// A display unit for a range of values: nanoseconds become µs, ms or s; other units stay.
public struct UnitScale: Equatable, Sendable {
    public let unit: String
    public let divisor: Double

    public static func `for`(magnitude: Double, unit: String) -> UnitScale {
        guard unit == "ns" else { return UnitScale(unit: unit, divisor: 1) }
        for (divisor, name) in [(1e9, "s"), (1e6, "ms"), (1e3, "µs")] where magnitude >= divisor {
            return UnitScale(unit: name, divisor: divisor)
        }
        return UnitScale(unit: "ns", divisor: 1)
    }
}
