import BenchKit
import Foundation

/// Number formatting for machine-readable exports (human-readable figures use BenchKit's
/// `formatValue`, `formatPercent` and `formatPValue`).
enum Format {
    /// A number for machine-readable text (XML attributes, OpenMetrics): shortest exact form.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }
}
