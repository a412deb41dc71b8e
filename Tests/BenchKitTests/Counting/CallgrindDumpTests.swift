import XCTest
@testable import BenchKit

final class CallgrindDumpTests: XCTestCase {
    private let dump = """
        # callgrind format
        version: 1
        creator: callgrind-3.19.0
        desc: Trigger: --dump-before=$s8BenchKit14MeasuredRegionO10regionEndsyyFZ

        positions: line
        events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
        summary: 4882 1035 23 1 2
        fl=(1) x.swift
        fn=(1) f
        3 4882 1035 23 1 2
        totals: 4883 1035 23 1 2
        """

    func testTotalsComeFromTheSummaryLineNamedByTheEventsLine() throws {
        let parsed = try CallgrindDump(text: dump, path: "d")
        XCTAssertEqual(parsed["Ir"], 4882, "summary, not the totals line")
        XCTAssertEqual(parsed["D1mr"], 2)
        XCTAssertEqual(parsed["DLmw"], 0, "trailing zero columns are omitted in dumps")
        XCTAssertEqual(parsed["Bc"], 0, "events the dump did not count are zero")
    }

    func testADumpWithoutEventsOrTotalsIsRejectedWithItsPath() {
        XCTAssertThrowsError(try CallgrindDump(text: "summary: 3\n", path: "/tmp/d.1")) { error in
            XCTAssertEqual(error as? CountingError, .unreadableDump(path: "/tmp/d.1", detail: "no 'events:' line"))
        }
        XCTAssertThrowsError(try CallgrindDump(text: "events: Ir\n", path: "d"))
        XCTAssertThrowsError(try CallgrindDump(text: "events: Ir\nsummary: 3 4\n", path: "d"), "more totals than events")
    }

    func testThreadsAreCountedFromPerThreadFileNames() throws {
        let directory = temporaryDirectory(self)
        for name in ["callgrind.out", "callgrind.out-01", "callgrind.out.1-01", "callgrind.out.2-01"] {
            write("events: Ir\nsummary: 1\n", to: "\(directory)/\(name)")
        }
        let files = CallgrindFiles(prefix: directory + "/callgrind.out")
        XCTAssertEqual(files.threadCount(), 1)
        XCTAssertEqual(files.regionCount(), 2)
        write("events: Ir\nsummary: 1\n", to: "\(directory)/callgrind.out-02")
        XCTAssertEqual(files.threadCount(), 2, "a second thread wrote its own dump")
    }
}
