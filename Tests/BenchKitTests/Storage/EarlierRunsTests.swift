import XCTest
@testable import BenchKit

/// Earlier runs are the same suite, machine and build, measured before the baseline,
/// oldest first; other files in the folder are skipped and named.
final class EarlierRunsTests: XCTestCase {
    func result(_ createdAt: String, suite: String = "kernels", machine: String = "m1", build: String = "release") -> ResultFile {
        var file = sampleResult(suite: suite, machine: machine, build: build)
        file.createdAt = createdAt
        return file
    }

    func testKeepsRunsLikeTheBaselineMeasuredBeforeIt() throws {
        let directory = temporaryDirectory(self)
        let files = [
            "b.json": result("2026-11-20T10:00:00Z"),
            "a.json": result("2026-11-21T10:00:00Z"),
            "other-suite.json": result("2026-11-20T11:00:00Z", suite: "serving"),
            "other-machine.json": result("2026-11-20T12:00:00Z", machine: "m2"),
            "debug.json": result("2026-11-20T13:00:00Z", build: "debug"),
            "later.json": result("2026-11-23T10:00:00Z"),
        ]
        for (name, file) in files { try JSONFiles.writeAtomically(file, to: "\(directory)/\(name)") }
        write("{\"schema\": \"bench-comparison/1\"}", to: directory + "/report.json")
        write("not json", to: directory + "/notes.txt")
        let baseline = result("2026-11-22T10:00:00Z")
        let earlier = try EarlierRuns.load(directory: directory, before: baseline, required: true)
        XCTAssertEqual(earlier.runs.map(\.createdAt), ["2026-11-20T10:00:00Z", "2026-11-21T10:00:00Z"])
        XCTAssertEqual(earlier.skipped, ["report.json"])
    }

    func testAMissingFolderIsAnErrorOnlyWhenAskedFor() throws {
        let baseline = result("2026-11-22T10:00:00Z")
        XCTAssertTrue(try EarlierRuns.load(directory: "/nonexistent/history", before: baseline, required: false).runs.isEmpty)
        XCTAssertThrowsError(try EarlierRuns.load(directory: "/nonexistent/history", before: baseline, required: true)) { error in
            XCTAssertTrue(String(describing: error).contains("/nonexistent/history"), "\(error)")
        }
    }
}
