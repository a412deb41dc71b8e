/// What a parent asks of one `bench run-repetition` child: the one definition of that
/// contract, used by every parent (suite runs, instruction counting, `bench ci` in
/// processes) and by the child. On the wire it stays command-line flags, so a base
/// revision from before this type still understands a newer parent.
public struct RepetitionRequest: Sendable, Equatable {
    /// The hidden command.
    public static let command = "run-repetition"

    /// The flags, named once.
    public enum Flag: String, CaseIterable, Sendable {
        case suite, output, seed, filter, label, quiet, threshold
        case timeBudget = "time-budget", timerOverhead = "timer-overhead"
        case countIterations = "count-iterations", countLayouts = "count-layouts"
    }

    /// The suite file the child plans from.
    public var suitePath: String
    /// Where the child writes its partial result file.
    public var output: String
    /// Seeds layout randomization and benchmark order.
    public var seed: UInt64
    public var filter: String?
    public var timeBudget: Double?
    public var threshold: Double?
    /// The clock's read cost measured by the parent (the child measures it when absent).
    public var timerOverheadNs: Double?
    /// Progress prefix ("process 2/10").
    public var label: String?
    public var quiet: Bool
    /// Instruction counting: run bodies in measured regions of this many operations, untimed.
    public var countIterations: Int?
    /// With `countIterations`: regions under this many memory layouts per benchmark.
    public var countLayouts: Int?

    public init(suitePath: String, output: String, seed: UInt64, filter: String? = nil, timeBudget: Double? = nil,
                threshold: Double? = nil, timerOverheadNs: Double? = nil, label: String? = nil, quiet: Bool = false,
                countIterations: Int? = nil, countLayouts: Int? = nil) {
        self.suitePath = suitePath
        self.output = output
        self.seed = seed
        self.filter = filter
        self.timeBudget = timeBudget
        self.threshold = threshold
        self.timerOverheadNs = timerOverheadNs
        self.label = label
        self.quiet = quiet
        self.countIterations = countIterations
        self.countLayouts = countLayouts
    }

    /// The child's command line.
    public var arguments: [String] {
        var arguments = [Self.command]
        func add(_ flag: Flag, _ value: String?) {
            if let value { arguments += ["--" + flag.rawValue, value] }
        }
        add(.suite, suitePath)
        add(.output, output)
        add(.seed, String(seed))
        add(.filter, filter)
        add(.timeBudget, timeBudget.map { String($0) })
        add(.threshold, threshold.map { String($0) })
        add(.timerOverhead, timerOverheadNs.map { String($0) })
        add(.label, label)
        add(.countIterations, countIterations.map(String.init))
        add(.countLayouts, countLayouts.map(String.init))
        if quiet { arguments.append("--" + Flag.quiet.rawValue) }
        return arguments
    }
}
