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
}
