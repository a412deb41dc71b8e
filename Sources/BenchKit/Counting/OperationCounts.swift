/// Events per operation of a benchmark's body alone, from the four region dumps of
/// `MeasuredRegion.runSteps`: `((body 2n − body n) − (empty 2n − empty n)) / n`.
/// The first difference cancels everything a region costs once (markers, loop set-up);
/// the second cancels what each iteration costs the harness (loop step, closure call).
public struct OperationCounts: Equatable, Sendable {
    public var instructions: Double
    /// Level-1 data cache misses (reads and writes) of the simulated cache.
    public var d1Misses: Double
    /// Last-level data cache misses (reads and writes) of the simulated cache.
    public var llMisses: Double

    public init(instructions: Double, d1Misses: Double, llMisses: Double) {
        self.instructions = instructions
        self.d1Misses = d1Misses
        self.llMisses = llMisses
    }

    /// From the dumps of the four regions, each holding `n` or `2n` operations.
    public init(emptyOnce: CallgrindDump, emptyTwice: CallgrindDump, bodyOnce: CallgrindDump, bodyTwice: CallgrindDump,
                iterations n: Int) {
        func perOperation(_ events: [String]) -> Double {
            let total = { (dump: CallgrindDump) in events.reduce(0) { $0 + dump[$1] } }
            let body = total(bodyTwice) - total(bodyOnce)
            let empty = total(emptyTwice) - total(emptyOnce)
            // A miss count can dip below zero when the calibration happened to miss
            // once more than the body; no operation has negative events.
            return max(Double(body - empty) / Double(max(n, 1)), 0)
        }
        self.init(instructions: perOperation(["Ir"]), d1Misses: perOperation(["D1mr", "D1mw"]),
                  llMisses: perOperation(["DLmr", "DLmw"]))
    }

    /// The result-file metrics: single deterministic values with a small tolerance
    /// (absolute, in the metric's unit), compared without a significance test.
    /// `source` names the tool and version, since counts differ across versions.
    public func metrics(source: String, cache: SimulatedCache) -> [String: MetricResult] {
        var instructions = MetricResult(unit: "instructions", better: .lower, value: self.instructions,
                                        tolerance: Self.tolerance(self.instructions, relative: Self.instructionTolerance))
        instructions.source = source
        var d1 = MetricResult(unit: "misses", better: .lower, value: d1Misses,
                              tolerance: Self.tolerance(d1Misses, relative: Self.missTolerance))
        d1.source = "\(source), simulated \(cache.description)"
        var ll = MetricResult(unit: "misses", better: .lower, value: llMisses,
                              tolerance: Self.tolerance(llMisses, relative: Self.missTolerance))
        ll.source = d1.source
        return ["instructions": instructions, "d1_misses": d1, "ll_misses": ll]
    }

    /// Instruction counts repeat exactly for the same binary and input; 0.1% only
    /// absorbs rounding when `n` does not divide a difference.
    public static let instructionTolerance = 0.001
    /// Simulated misses depend on where the heap and stack land, which can shift with
    /// the environment (variables, working directory); 1% absorbs that.
    public static let missTolerance = 0.01

    /// `relative` of `value`, but at least half an event: a whole extra event per
    /// operation is always a change, however small the body.
    static func tolerance(_ value: Double, relative: Double) -> Double {
        max(value * relative, 0.5)
    }
}
