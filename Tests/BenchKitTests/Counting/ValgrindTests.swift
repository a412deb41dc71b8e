import XCTest
@testable import BenchKit

final class ValgrindTests: XCTestCase {
    func testVersionIsReadFromTheVersionLine() {
        XCTAssertEqual(Valgrind.parseVersion("valgrind-3.19.0\n"), "3.19.0")
        XCTAssertEqual(Valgrind.parseVersion("valgrind-3.22.0.GIT"), "3.22.0.GIT")
        XCTAssertNil(Valgrind.parseVersion("command not found"))
    }

    func testMissingValgrindNamesTheDebianPackage() {
        XCTAssertThrowsError(try Valgrind.locate(searchPath: temporaryDirectory(self))) { error in
            XCTAssertEqual(error as? CountingError, .valgrindMissing)
            let message = "\(error)"
            XCTAssertTrue(message.contains("apt-get install valgrind"), message)
            XCTAssertFalse(message.contains("\n"))
        }
    }

    func testTheSimulatedCacheIsFixedNotDetected() {
        XCTAssertEqual(SimulatedCache().options,
                       ["--cache-sim=yes", "--I1=32768,8,64", "--D1=32768,8,64", "--LL=33554432,16,64"])
    }
}
