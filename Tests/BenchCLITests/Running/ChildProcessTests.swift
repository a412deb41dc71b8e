import Foundation
import XCTest
import BenchKit

/// A run killed with kill -9 leaves no measuring children behind, and its scratch
/// folder is removed by the next run.
final class ChildProcessTests: XCTestCase {
    /// Pids of the live children of `parent` (from /proc/<pid>/stat).
    private func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let end = stat.range(of: ")", options: .backwards) else { return false }
            let fields = stat[end.upperBound...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && pid_t(fields[1]) == parent
        }
    }

    /// Whether `pid` is running (not gone, not a zombie).
    private func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.range(of: ")", options: .backwards) else { return false }
        return !stat[end.upperBound...].hasPrefix(" Z")
    }

    /// Polls `condition` every 50 ms for up to `seconds`.
    private func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    func testChildrenDieWithAKilledRunAndTheNextRunRemovesItsScratchFolder() throws {
        let slow = #"{"processes":3,"timeBudget":20,"warmup":0,"benchmarks":[{"benchmark":"harness/empty"}]}"#
        let root = workspace(self, suites: ["slow": slow, "tiny": tinySuite])
        let scratch = root + "/tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        let run = try BenchBinary.start(["--suite", "slow", "--no-compare"], in: root, environment: ["TMPDIR": scratch])
        var child: pid_t?
        XCTAssertTrue(eventually(60) { child = children(of: run.processIdentifier).first; return child != nil }, "no child started")
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let orphan = try XCTUnwrap(child)
        XCTAssertTrue(eventually(10) { !isRunning(orphan) }, "child \(orphan) outlived its parent")
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch)
        XCTAssertEqual(left.count, 1, "the killed run's scratch folder: \(left)")

        let next = try BenchBinary.start(["--suite", "tiny", "--no-compare", "--quiet"], in: root, environment: ["TMPDIR": scratch])
        next.waitUntilExit()
        XCTAssertEqual(next.terminationStatus, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [], "stale folder removed, own folder removed")
    }

    func testACountingRunKilledWithKill9TakesItsValgrindChildAlong() throws {
        do { _ = try Valgrind.locate() } catch { throw XCTSkip("valgrind is not installed (apt-get install valgrind)") }
        let long = #"{"processes":1,"benchmarks":[{"benchmark":"harness/sum","parameters":{"count":[100000000]}}]}"#
        let root = workspace(self, suites: ["long": long])
        let run = try BenchBinary.start(["--suite", "long", "--metric", "instructions", "--count-iterations", "50",
                                         "--no-compare", "--quiet"], in: root)
        var child: pid_t?
        defer { if let child { kill(child, SIGKILL) } }
        XCTAssertTrue(eventually(60) { child = children(of: run.processIdentifier).first; return child != nil }, "no valgrind child started")
        usleep(1_500_000) // let valgrind start its client, which binds itself to this parent
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let orphan = try XCTUnwrap(child)
        XCTAssertTrue(eventually(10) { !isRunning(orphan) }, "valgrind child \(orphan) outlived its killed parent")
    }

    func testAChildWhoseParentIsAlreadyGoneStopsAtOnce() throws {
        // The parent died before the child could ask to die with it: the pid it was given
        // is no longer its parent.
        let child = try BenchBinary.start(["list"], in: workspace(self), environment: ["BENCHKIT_PARENT_PID": "1"])
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
        XCTAssertEqual(child.terminationStatus, SIGKILL)
    }
}
