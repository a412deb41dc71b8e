/// How a result file's samples were taken, when that matters to their comparison.
/// Absent means separate process repetitions (`bench --suite S`).
public struct MeasurementDesign: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// Fresh processes, one after another (`samples[p]` is process p).
        case processes
        /// Base and head processes alternating, one whole process at a time (`bench ci --design processes`).
        case interleavedProcesses = "interleaved-processes"
        /// Base and head workers taking turns sample by sample on one CPU: `samples[p]` of
        /// each side is pair p, in ABBA order. The two files share `session`.
        case lockstep
    }

    public var kind: Kind
    /// Lockstep: identifies the run both sides' files came from; only files with the same
    /// session are compared pair by pair.
    public var session: String?
    /// "base" or "head".
    public var role: String?
    /// The CPU both sides were pinned to; nil when not pinned.
    public var pinnedCPU: Int?
    /// What the reader should know (e.g. pinning was refused and the pairs ran unpinned).
    public var note: String?
    /// Lockstep: the nice value both workers ran at when they could raise their priority
    /// (then other jobs of the machine preempt their samples less); nil when not raised.
    public var workerNice: Int?

    public init(kind: Kind, session: String? = nil, role: String? = nil, pinnedCPU: Int? = nil, note: String? = nil) {
        self.kind = kind
        self.session = session
        self.role = role
        self.pinnedCPU = pinnedCPU
        self.note = note
    }

    /// Whether `base` and `new` are the two sides of one lockstep run, to be compared pair by pair.
    public static func arePaired(_ base: MeasurementDesign?, _ new: MeasurementDesign?) -> Bool {
        guard let base, let new, base.kind == .lockstep, new.kind == .lockstep, let session = base.session else { return false }
        return new.session == session && base.role != new.role
    }
}
