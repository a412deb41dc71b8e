import XCTest

final class BenchKitTestsPlaceholder: XCTestCase {
    func testModuleBuilds() {}
}
