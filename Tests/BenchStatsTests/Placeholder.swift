import XCTest

final class BenchStatsTestsPlaceholder: XCTestCase {
    func testModuleBuilds() {}
}
