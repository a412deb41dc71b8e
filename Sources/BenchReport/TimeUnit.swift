/// A metric unit that measures time ("ns", "us" or "µs", "ms", "s"): exports that need
/// seconds (JUnit) or Google Benchmark's unit names read it from here.
enum TimeUnit: String, CaseIterable {
    case ns, us, ms, s

    /// The time unit a metric's `unit` names, or nil when it is not a time.
    init?(metricUnit: String) {
        self.init(rawValue: metricUnit == "µs" ? "us" : metricUnit)
    }

    /// How many seconds one of this unit is.
    var seconds: Double {
        switch self {
        case .ns: return 1e-9
        case .us: return 1e-6
        case .ms: return 1e-3
        case .s: return 1
        }
    }
}
