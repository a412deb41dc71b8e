import XCTest

final class ServingTestsPlaceholder: XCTestCase {
    func testModuleBuilds() {}
}
