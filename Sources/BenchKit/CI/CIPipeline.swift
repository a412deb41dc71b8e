import Foundation

/// The local CI flow behind `bench ci`: check out the base and head revisions in git
/// worktrees, build each in release, measure both sides (in lockstep by default, or in
/// alternating whole processes), and return one result file per side. Comparing and
/// gating is the caller's.
public struct CIPipeline: Sendable {
    /// How the two builds are measured against each other.
    public enum Design: String, Sendable, CaseIterable {
        /// Base and head workers take turns sample by sample on one CPU (`LockstepRunner`).
        case lockstep
        /// Whole processes alternate base, head, base, head (`InterleavedRuns`).
        case processes
    }

    public struct Options: Sendable {
        public var base: String
        public var head: String
        /// Suite name: `suites/<suite>.json` in each revision.
        public var suite: String
        /// Process repetitions per side; nil = the head suite's `processes`.
        public var processes: Int?
        public var timeBudget: Double?
        public var filter: String?
        /// Where the worktrees, build logs and partial results live (reused between runs).
        public var workDirectory: String?
        public var design: Design = .lockstep
        /// Lockstep settings (pairs, time cap, pinning); `seed`, `timerOverheadNs` and
        /// `scratch` are filled in by the pipeline.
        public var lockstep: LockstepOptions = LockstepOptions(seed: 0, timerOverheadNs: 0, scratch: "")

        public init(base: String, head: String, suite: String, processes: Int? = nil, timeBudget: Double? = nil,
                    filter: String? = nil, workDirectory: String? = nil) {
            self.base = base
            self.head = head
            self.suite = suite
            self.processes = processes
            self.timeBudget = timeBudget
            self.filter = filter
            self.workDirectory = workDirectory
        }
    }

    /// What one side produced.
    public struct SideResult: Sendable {
        public var name: String
        public var revision: String
        public var commit: String
        public var result: ResultFile
    }

    /// Both sides' results and how they were measured.
    public struct Outcome: Sendable {
        public var base: SideResult
        public var head: SideResult
        /// The design that produced the results (lockstep falls back to processes when the
        /// base binary predates it).
        public var design: Design
        /// Processes per side, or lockstep pairs.
        public var rounds: Int
        /// What the reader should know about how it was measured.
        public var notes: [String]
    }

    public var options: Options
    /// The environment of a side, captured in its worktree (commit, toolchain, machine).
    public var environment: @Sendable (_ worktree: String) -> EnvironmentInfo
    /// The clock's read cost, subtracted from every lockstep sample.
    public var timerOverheadNs: Double
    /// Milestones: building, measuring, what was measured.
    public var log: @Sendable (String) -> Void
    /// One line per step (each process, each lockstep pair).
    public var stepProgress: @Sendable (String) -> Void

    public init(options: Options, environment: @escaping @Sendable (_ worktree: String) -> EnvironmentInfo,
                timerOverheadNs: Double = 0, log: @escaping @Sendable (String) -> Void,
                stepProgress: (@Sendable (String) -> Void)? = nil) {
        self.options = options
        self.environment = environment
        self.timerOverheadNs = timerOverheadNs
        self.log = log
        self.stepProgress = stepProgress ?? log
    }

    /// Runs the flow from `directory` (anywhere inside the repository). Returns base, head.
    public func run(from directory: String) throws -> Outcome {
        let git = try Git.topLevel(of: directory)
        let commits = (base: try git.resolve(options.base), head: try git.resolve(options.head))
        if let status = try? Git.run(["status", "--porcelain", "--untracked-files=no"], in: git.repository), !status.isEmpty {
            log("note: uncommitted changes in \(git.repository) are not measured; both sides are built from commits")
        }
        let work = options.workDirectory ?? git.repository + "/.bench-ci"
        try prepare(work)
        let sides = [("base", options.base, commits.base), ("head", options.head, commits.head)]
        var executables: [String] = []
        for (name, revision, commit) in sides {
            let tree = "\(work)/\(name)"
            log("\(name): \(revision) = \(commit.prefix(12)), worktree \(tree)")
            try git.worktree(at: tree, commit: commit)
            guard FileManager.default.fileExists(atPath: suitePath(in: tree)) else {
                throw CIError.missingSuite(side: name, path: "suites/\(options.suite).json")
            }
            executables.append(try build(tree, side: name, revision: revision, logPath: "\(work)/\(name)-build.log"))
        }
        let createdAt = Timestamps.iso(Date())
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        var measured: Measured
        if options.design == .lockstep {
            do {
                measured = try runLockstep(executables: executables, work: work, seed: seed)
            } catch LockstepError.unsupported(let side, let detail) {
                log("note: the \(side) build cannot run in lockstep (\(detail)); measuring in alternating processes instead")
                measured = try runInterleaved(executables: executables, work: work, seed: seed)
                measured.notes.append("the \(side) revision cannot run in lockstep; measured in alternating processes")
            }
        } else {
            measured = try runInterleaved(executables: executables, work: work, seed: seed)
        }
        let results = sides.enumerated().map { index, side in
            SideResult(name: side.0, revision: side.1, commit: side.2,
                       result: ResultFile(suite: options.suite, createdAt: createdAt,
                                          environment: environment("\(work)/\(side.0)"),
                                          design: measured.designs[index], benchmarks: measured.benchmarks[index]))
        }
        return Outcome(base: results[0], head: results[1], design: measured.design, rounds: measured.rounds, notes: measured.notes)
    }

    /// What one design measured, per side (base, head).
    struct Measured {
        var design: Design
        var benchmarks: [[BenchmarkResult]]
        var designs: [MeasurementDesign?]
        var rounds: Int
        var notes: [String]
    }

    func runLockstep(executables: [String], work: String, seed: UInt64) throws -> Measured {
        var settings = options.lockstep
        settings.filter = options.filter
        settings.timeBudget = options.timeBudget
        settings.seed = seed
        settings.timerOverheadNs = timerOverheadNs
        settings.scratch = "\(work)/lockstep"
        let sides = zip(["base", "head"], executables).map { name, executable in
            LockstepSide(name: name, executable: executable, workingDirectory: "\(work)/\(name)",
                         suitePath: suitePath(in: "\(work)/\(name)"))
        }
        log("running suite \(options.suite) in lockstep: base and head take turns sample by sample on one CPU")
        let outcome = try LockstepRunner(base: sides[0], head: sides[1], options: settings,
                                         progress: { [stepProgress] in stepProgress("  " + $0) }).run()
        var notes: [String] = []
        if let note = outcome.headDesign.note { notes.append(note) }
        if !outcome.onlyInBase.isEmpty { notes.append("only in the base suite, not measured: " + outcome.onlyInBase.joined(separator: ", ")) }
        if !outcome.onlyInHead.isEmpty { notes.append("only in the head suite, not measured: " + outcome.onlyInHead.joined(separator: ", ")) }
        if !outcome.notLockstep.isEmpty {
            notes.append("self-timed, not measured in lockstep: " + outcome.notLockstep.joined(separator: ", "))
        }
        log(String(format: "lockstep: %d pairs in %.0f s", outcome.pairs, outcome.seconds))
        return Measured(design: .lockstep, benchmarks: [outcome.base, outcome.head],
                        designs: [outcome.baseDesign, outcome.headDesign], rounds: outcome.pairs, notes: notes)
    }

    func runInterleaved(executables: [String], work: String, seed: UInt64) throws -> Measured {
        let rounds = try options.processes ?? processesOfSuite(in: "\(work)/head")
        let runSides = zip(["base", "head"], executables).map { name, executable in
            let tree = "\(work)/\(name)"
            return RunSide(name: name, executable: executable, workingDirectory: tree) { [options] index, output in
                RepetitionRequest(suitePath: "\(tree)/suites/\(options.suite).json", output: output,
                                  seed: seed &+ UInt64(index) &* 0x9E37_79B9, filter: options.filter,
                                  timeBudget: options.timeBudget, label: "\(name) \(index)", quiet: true).arguments
            }
        }
        log("running suite \(options.suite): \(rounds) processes per side, interleaved base/head")
        let merged = try InterleavedRuns(sides: runSides, rounds: rounds, scratch: "\(work)/runs",
                                         progress: { [stepProgress] in stepProgress("  process \($0)") }).run()
        let design = MeasurementDesign(kind: .interleavedProcesses)
        return Measured(design: .processes, benchmarks: merged, designs: [design, design], rounds: rounds, notes: [])
    }

    func suitePath(in tree: String) -> String { "\(tree)/suites/\(options.suite).json" }

    /// Creates the work folder, ignored by git from inside (so no .gitignore edit is needed).
    func prepare(_ work: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try "*\n".write(toFile: work + "/.gitignore", atomically: true, encoding: .utf8)
        } catch {
            throw BenchError.unwritable(path: work, reason: "\(error)")
        }
    }

    func processesOfSuite(in tree: String) throws -> Int {
        try JSONFiles.read(SuiteFile.self, from: suitePath(in: tree)).processes ?? SuitePlan.defaultProcesses
    }

    /// `swift build -c release --product bench` in `tree`; returns the built executable.
    func build(_ tree: String, side: String, revision: String, logPath: String) throws -> String {
        log("\(side): building in release (log: \(logPath))")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let output = FileHandle(forWritingAtPath: logPath)
        defer { try? output?.close() }
        var capturedPath = ""
        func swift(_ arguments: [String], capture: Pipe? = nil) -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["swift"] + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: tree)
            process.standardOutput = capture ?? output
            process.standardError = output
            guard (try? process.run()) != nil else { return -1 }
            if let capture {
                let data = capture.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                capturedPath = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            } else {
                process.waitUntilExit()
            }
            return process.terminationStatus
        }
        let failure = CIError.buildFailed(side: side, revision: revision, log: logPath)
        guard swift(["build", "-c", "release", "--product", "bench"]) == 0,
              swift(["build", "-c", "release", "--show-bin-path"], capture: Pipe()) == 0 else { throw failure }
        let executable = capturedPath + "/bench"
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw failure }
        return executable
    }
}
