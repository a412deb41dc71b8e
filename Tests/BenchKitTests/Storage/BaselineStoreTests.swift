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

    func testNewPathsNeverCollide() {
        let directory = temporaryDirectory(self)
        let store = ResultStore(directory: directory)
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let first = store.newPath(suite: "s", date: date)
        write("{}", to: first)
        XCTAssertNotEqual(store.newPath(suite: "s", date: date), first)
    }

    func testEnvironmentDifferencesAreSpelledOut() {
        var a = EnvironmentInfo(), b = EnvironmentInfo()
        a.cpu = "X"; b.cpu = "X"
        a.build = "release"; b.build = "debug"
        XCTAssertEqual(EnvironmentProbe.differences(a, b), ["build: release vs debug"])
        XCTAssertEqual(EnvironmentProbe.differences(a, a), [])
    }
}
