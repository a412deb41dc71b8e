/// perf_analyzer's stability check: windows of `duration` are measured until the last
/// `windows` of them agree within ±`percent` of their mean in rate and in mean latency (at
/// most `maxWindows`); the report merges those last windows, and is INVALID if they never agree.
public struct Stability: Sendable, Equatable {
    public var percent: Double
    public var windows: Int
    public var maxWindows: Int

    public init(percent: Double = 10, windows: Int = 3, maxWindows: Int = 10) {
        self.percent = percent
        self.windows = windows
        self.maxWindows = maxWindows
    }

    func holds(for measured: [LoadGenerator.Window]) -> Bool {
        guard measured.count >= windows else { return false }
        let last = measured.suffix(windows)
        func agree(_ values: [Double]) -> Bool {
            let mean = values.reduce(0, +) / Double(values.count)
            return values.allSatisfy { abs($0 - mean) <= mean * percent / 100 }
        }
        return agree(last.map { Double($0.result.succeeded) / $0.seconds }) && agree(last.map { $0.result.latency.mean })
    }
}
