import BenchKit
import Foundation

/// The local CI flow behind `bench ci`: check out the base and head revisions in git
/// worktrees, build each in release, run the suite for both interleaved in separate
/// processes, and write one result file per side. Comparing and gating is the caller's.
public struct CIPipeline: Sendable {
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

    /// Both sides' results and how many processes each ran.
    public struct Outcome: Sendable {
        public var base: SideResult
        public var head: SideResult
        public var rounds: Int
    }

    public var options: Options
    /// The environment of a side, captured in its worktree (commit, toolchain, machine).
    public var environment: @Sendable (_ worktree: String) -> EnvironmentInfo
    public var log: @Sendable (String) -> Void

    public init(options: Options, environment: @escaping @Sendable (_ worktree: String) -> EnvironmentInfo,
                log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.environment = environment
        self.log = log
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
        let rounds = try options.processes ?? processesOfSuite(in: "\(work)/head")
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        let runSides = zip(sides, executables).map { side, executable in
            let tree = "\(work)/\(side.0)"
            return RunSide(name: side.0, executable: executable, workingDirectory: tree) { [options] index, output in
                var arguments = ["run-repetition", "--suite", "\(tree)/suites/\(options.suite).json", "--output", output,
                                 "--seed", String(seed &+ UInt64(index) &* 0x9E37_79B9), "--label", "\(side.0) \(index)", "--quiet"]
                if let budget = options.timeBudget { arguments += ["--time-budget", String(budget)] }
                if let filter = options.filter { arguments += ["--filter", filter] }
                return arguments
            }
        }
        log("running suite \(options.suite): \(rounds) processes per side, interleaved base/head")
        let createdAt = Timestamps.iso(Date())
        let merged = try InterleavedRuns(sides: runSides, rounds: rounds, scratch: "\(work)/runs",
                                         progress: { [log] in log("  process \($0)") }).run()
        let results = zip(sides, merged).map { side, benchmarks in
            SideResult(name: side.0, revision: side.1, commit: side.2,
                       result: ResultFile(suite: options.suite, createdAt: createdAt,
                                          environment: environment("\(work)/\(side.0)"), benchmarks: benchmarks))
        }
        return Outcome(base: results[0], head: results[1], rounds: rounds)
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
