import XCTest

final class BenchCompareTestsPlaceholder: XCTestCase {
    func testModuleBuilds() {}
}
