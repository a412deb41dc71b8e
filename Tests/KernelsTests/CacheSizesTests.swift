import XCTest
@testable import Kernels

final class CacheSizesTests: XCTestCase {
    func testSizesParseInSysfsNotation() {
        XCTAssertEqual(CacheSizes.parseSize("32K"), 32 * 1024)
        XCTAssertEqual(CacheSizes.parseSize("2M"), 2 * 1024 * 1024)
        XCTAssertEqual(CacheSizes.parseSize("4096"), 4096)
        XCTAssertNil(CacheSizes.parseSize(""))
        XCTAssertNil(CacheSizes.parseSize("K"))
    }

    func testLevelOneDataCacheIsAPlausibleSize() {
        XCTAssertTrue((8 * 1024...1024 * 1024).contains(CacheSizes.l1Data), "\(CacheSizes.l1Data)")
    }

    func testFewRowsWalkColumnPanelsOutermostInA32KiBCache() {
        guard CacheSizes.l1Data == 32 * 1024 else { return }
        XCTAssertTrue(columnPanelsOutermost(mc: 8, kc: 256))
        XCTAssertFalse(columnPanelsOutermost(mc: 32, kc: 256))
    }
}
