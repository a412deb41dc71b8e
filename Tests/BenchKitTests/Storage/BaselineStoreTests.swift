import Synchronization
import XCTest
@testable import BenchKit

final class BaselineStoreTests: XCTestCase {
    func testUpdateKeepsThePreviousBaselineInHistory() throws {
        let directory = temporaryDirectory(self)
        let store = BaselineStore(directory: directory)
        var first = sampleResult(machine: "m1")
        first.createdAt = "2026-11-20T10:00:00Z"
        XCTAssertNil(try store.update(suite: "kernels", machine: "m1", with: first).archived)
        var second = sampleResult(machine: "m1")
        second.createdAt = "2026-11-21T10:00:00Z"
        let stored = try store.update(suite: "kernels", machine: "m1", with: second)
        XCTAssertEqual(try store.load(suite: "kernels", machine: "m1"), second)
        let archived = try XCTUnwrap(stored.archived)
        XCTAssertTrue(archived.hasSuffix("m1/history/kernels-20261120T100000Z.json"), archived)
        XCTAssertEqual(try JSONFiles.readResultFile(archived), first)
    }

    func testBaselinesAreKeyedByMachine() throws {
        let store = BaselineStore(directory: temporaryDirectory(self))
        try store.update(suite: "kernels", machine: "m1", with: sampleResult(machine: "m1"))
        XCTAssertNil(try store.load(suite: "kernels", machine: "m2"))
        XCTAssertEqual(store.otherMachines(suite: "kernels", except: "m2"), ["m1"])
    }

    func testNewestResultIsFoundByItsTimestampedName() throws {
        let directory = temporaryDirectory(self)
        let store = ResultStore(directory: directory)
        try JSONFiles.writeAtomically(sampleResult(suite: "kernels"), to: directory + "/kernels-20261120T100000Z.json")
        var newer = sampleResult(suite: "kernels")
        newer.createdAt = "2026-11-21T00:00:00Z"
        try JSONFiles.writeAtomically(newer, to: directory + "/kernels-20261121T000000Z.json")
        try JSONFiles.writeAtomically(sampleResult(suite: "kernels-ci"), to: directory + "/kernels-ci-20261122T000000Z.json")
        XCTAssertEqual(try store.newest(suite: "kernels").file, newer)
        XCTAssertEqual(store.paths(suite: "kernels").count, 2, "kernels-ci is another suite")
        XCTAssertThrowsError(try store.newest(suite: "serving"))
    }

    func testNewPathsNeverCollide() throws {
        let directory = temporaryDirectory(self)
        let store = ResultStore(directory: directory)
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try store.newPath(suite: "s", date: date)
        write("{}", to: first)
        XCTAssertNotEqual(try store.newPath(suite: "s", date: date), first)
    }

    /// Eight runs finishing in the same second each keep their file, and the newest is the
    /// last one published (`-2` … `-8` sort after the plain name, and `-10` after `-9`).
    func testRunsPublishedInTheSameSecondAllKeepTheirFiles() throws {
        let directory = temporaryDirectory(self)
        let store = ResultStore(directory: directory)
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let paths = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let path = try! store.publish(Data("{\"run\": \(index)}".utf8), suite: "s", date: date)
            paths.withLock { $0.append(path) }
        }
        let written = paths.withLock { $0 }
        XCTAssertEqual(Set(written).count, 8, "\(written)")
        XCTAssertEqual(Set(store.paths(suite: "s")), Set(written))
        let contents = Set(try written.map { try String(contentsOfFile: $0, encoding: .utf8) })
        XCTAssertEqual(contents.count, 8, "no run overwrote another")
        for _ in 9...10 { _ = try store.publish(Data("{}".utf8), suite: "s", date: date) }
        XCTAssertEqual(store.paths(suite: "s").map { ($0 as NSString).lastPathComponent },
                       ["s-20270115T080000Z.json"] + (2...10).map { "s-20270115T080000Z-\($0).json" })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }, [],
                       "no temporary files left")
    }

    func testConcurrentUpdatesLoseNoResult() throws {
        // Two updates at once both saw the same old baseline (or none) and one result
        // vanished; with the lock each archives the baseline the other stored.
        for trial in 0..<20 {
            let directory = temporaryDirectory(self)
            let store = BaselineStore(directory: directory)
            let results = (1...3).map { day -> ResultFile in
                var result = sampleResult(machine: "m")
                result.createdAt = "2026-11-2\(day)T10:00:0\(trial % 10)Z"
                return result
            }
            try store.update(suite: "kernels", machine: "m", with: results[0])
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                do { try store.update(suite: "kernels", machine: "m", with: results[index + 1]) } catch { failures.add(error) }
            }
            XCTAssertEqual(failures.all.count, 0, "\(failures.all)")
            let history = try FileManager.default.contentsOfDirectory(atPath: directory + "/m/history").map { directory + "/m/history/" + $0 }
            let kept = try (history + [store.path(suite: "kernels", machine: "m")]).map { try JSONFiles.readResultFile($0).createdAt }
            XCTAssertEqual(Set(kept), Set(results.map(\.createdAt)), "trial \(trial)")
            XCTAssertEqual(kept.count, 3, "trial \(trial)")
        }
    }

    func testNamesThatWouldLeaveTheirFolderAreRefused() {
        let directory = temporaryDirectory(self)
        let baselines = BaselineStore(directory: directory + "/baselines")
        for machine in ["../../x", "", "a/b", "..", "m\n"] {
            XCTAssertThrowsError(try baselines.update(suite: "kernels", machine: machine, with: sampleResult())) { error in
                guard case BenchError.unsafeName(_, "machine", _, _)? = error as? BenchError else { return XCTFail("\(error)") }
            }
        }
        XCTAssertThrowsError(try baselines.update(suite: "../../x", machine: "m", with: sampleResult()))
        XCTAssertThrowsError(try ResultStore(directory: directory + "/results").newPath(suite: "../../../../tmp/x", date: Date()))
        XCTAssertThrowsError(try ResultStore(directory: directory + "/results").newest(suite: "../x"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [], "nothing written anywhere")
    }

    func testEnvironmentDifferencesAreSpelledOut() {
        var a = EnvironmentInfo(), b = EnvironmentInfo()
        a.cpu = "X"; b.cpu = "X"
        a.build = "release"; b.build = "debug"
        XCTAssertEqual(EnvironmentProbe.differences(a, b), ["build: release vs debug"])
        XCTAssertEqual(EnvironmentProbe.differences(a, a), [])
    }
}

/// Errors collected from concurrent work.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []
    var all: [any Error] { lock.withLock { errors } }
    func add(_ error: any Error) { lock.withLock { errors.append(error) } }
}
