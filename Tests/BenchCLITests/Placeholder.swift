import XCTest

final class BenchCLITestsPlaceholder: XCTestCase {
    func testModuleBuilds() {}
}
