import Foundation
import XCTest
@testable import BenchKit

final class ScratchDirectoryTests: XCTestCase {
    /// The pid of a process that has exited and been reaped.
    private func deadPID() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func testANewScratchFolderRemovesThoseOfDeadRunsOnly() throws {
        let parent = temporaryDirectory(self)
        let dead = try deadPID()
        let kept = ["bench-\(getpid())-live", "bench-1-init", "bench-cli-1234", "bench-callgrind-00ff", "other-\(dead)-x"]
        for name in kept + ["bench-\(dead)-AbC123"] {
            try FileManager.default.createDirectory(atPath: parent + "/" + name, withIntermediateDirectories: false)
        }
        let created = try ScratchDirectory.create(in: parent)
        let name = (created as NSString).lastPathComponent
        XCTAssertTrue(name.hasPrefix("bench-\(getpid())-"), name)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: parent)), Set(kept + [name]))
    }
}
