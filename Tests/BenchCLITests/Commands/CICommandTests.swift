import Foundation
import XCTest
@testable import BenchKit

/// `bench ci` on a throwaway git repository. Building this whole package twice in release
/// would take minutes, so the repository holds a stub package instead: its `bench`
/// executable answers `run-repetition` like the real one, with a time of 1000 ns × the
/// `factor` in its source (plus seeded 1% noise). What is exercised is everything of
/// `bench ci` itself: git worktrees, two release builds, interleaved processes, merging,
/// comparing, the written files and the exit codes. scripts/ci-selftest.sh runs the same
/// flow on a copy of this very package with a real slowdown.
final class CICommandTests: XCTestCase {
    private func shell(_ command: String, in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, command)
    }

    private func stubSource(factor: String) -> String {
        """
        import Foundation
        let factor = \(factor)
        let arguments = Array(CommandLine.arguments.dropFirst())
        var output = "", seed: UInt64 = 1
        for (i, argument) in arguments.enumerated() where i + 1 < arguments.count {
            if argument == "--output" { output = arguments[i + 1] }
            if argument == "--seed" { seed = UInt64(arguments[i + 1]) ?? 1 }
        }
        var state = seed
        let samples = (0..<20).map { _ -> String in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return String(1000 * factor * (1 + 0.01 * (Double(state >> 11) / Double(1 << 53) - 0.5)))
        }
        let json = "{\\"schema\\":\\"bench-result/1\\",\\"benchmarks\\":[{\\"name\\":\\"stub/work\\",\\"metrics\\":{\\"time\\":{\\"unit\\":\\"ns\\",\\"better\\":\\"lower\\",\\"samples\\":[[" + samples.joined(separator: ",") + "]]}}}]}"
        FileManager.default.createFile(atPath: output, contents: Data(json.utf8))
        """
    }

    /// A git repository with two commits: factor 1.0, then `headFactor`.
    private func repository(headFactor: String) throws -> String {
        let root = workspace(self, suites: ["tiny": #"{"processes":3,"benchmarks":[{"benchmark":"stub/work"}]}"#])
        try FileManager.default.createDirectory(atPath: root + "/Sources/bench", withIntermediateDirectories: true)
        try """
        // swift-tools-version:5.9
        import PackageDescription
        let package = Package(name: "Stub", targets: [.executableTarget(name: "bench", path: "Sources/bench")])
        """.write(toFile: root + "/Package.swift", atomically: true, encoding: .utf8)
        try stubSource(factor: "1.0").write(toFile: root + "/Sources/bench/main.swift", atomically: true, encoding: .utf8)
        try shell("git init -q -b main && git config user.email t@example.com && git config user.name t && git add . && git commit -qm base", in: root)
        try stubSource(factor: headFactor).write(toFile: root + "/Sources/bench/main.swift", atomically: true, encoding: .utf8)
        try shell("git commit -qam head", in: root)
        return root
    }

    func testKnownSlowdownFailsTheGateAndWritesEveryOutput() throws {
        let root = try repository(headFactor: "1.3")
        let outcome = try BenchBinary.run(["ci", "--base", "HEAD~1", "--head", "HEAD", "--suite", "tiny", "--processes", "4",
                                           "--gate", "--output-dir", "out", "--verbose"], in: root)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("❌ significant regression"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("> note: the base revision cannot run in lockstep; measured in alternating processes"),
                      "a stub without lockstep-worker falls back to alternating processes and says so: \(outcome.stdout)")
        XCTAssertTrue(outcome.stdout.contains("| stub/work | time |"), outcome.stdout)
        let order = outcome.stderrLines.filter { $0.contains("ci:   process") }.map { $0.components(separatedBy: "process ")[1] }
        XCTAssertEqual(order, ["base 1/4", "head 1/4", "base 2/4", "head 2/4", "base 3/4", "head 3/4", "base 4/4", "head 4/4"])
        let base = try JSONFiles.readResultFile(root + "/out/base.json")
        let head = try JSONFiles.readResultFile(root + "/out/head.json")
        XCTAssertEqual(base.benchmarks.first?.metrics["time"]?.samples?.count, 4, "one inner array per process")
        XCTAssertNotEqual(base.environment?.commit, head.environment?.commit)
        XCTAssertEqual(head.environment?.build, "release")
        for name in ["comparison.json", "summary.md", "junit.xml"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/out/" + name), name)
        }
        XCTAssertTrue(try String(contentsOfFile: root + "/out/junit.xml", encoding: .utf8).contains("<failure type=\"regression\""))
        let status = try BenchBinary.run(["ci", "--base", "HEAD", "--head", "HEAD", "--suite", "tiny", "--processes", "2", "--gate",
                                          "--output-dir", "aa"], in: root)
        XCTAssertEqual(status.status, 0, "A/A passes the gate, reusing the worktrees: \(status.stdout)")
        XCTAssertFalse(status.stderr.contains("ci:   process"), "without --verbose a log gets no line per process: \(status.stderr)")
        XCTAssertTrue(status.stderr.contains("ci: running suite tiny"), "milestones stay: \(status.stderr)")
    }

    func testBadRevisionNonGitDirectoryAndBrokenBuildExitTwoWithOneLine() throws {
        let root = try repository(headFactor: "1.0 +")
        let badRevision = try BenchBinary.run(["ci", "--base", "no-such-branch", "--suite", "tiny"], in: root)
        XCTAssertEqual(badRevision.status, 2)
        XCTAssertEqual(badRevision.stderrLines.filter { $0.hasPrefix("error:") }, [
            "error: unknown revision 'no-such-branch' (not a commit in \(URL(fileURLWithPath: root).resolvingSymlinksInPath().path)); pass a branch, tag or commit that exists (e.g. `git fetch` it first)"])

        let plain = workspace(self)
        let notGit = try BenchBinary.run(["ci", "--base", "main", "--suite", "tiny"], in: plain)
        XCTAssertEqual(notGit.status, 2)
        XCTAssertTrue(notGit.stderr.contains("is not inside a git repository"), notGit.stderr)

        let broken = try BenchBinary.run(["ci", "--base", "HEAD", "--head", "HEAD~1", "--suite", "tiny"], in: root)
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderrLines.last?.hasPrefix("error: the base revision HEAD does not build in release; see ") == true, broken.stderr)

        let noSuite = try BenchBinary.run(["ci", "--base", "HEAD~1", "--suite", "missing"], in: root)
        XCTAssertEqual(noSuite.status, 2)
        XCTAssertTrue(noSuite.stderr.contains("has no suite file suites/missing.json"), noSuite.stderr)
    }
}
