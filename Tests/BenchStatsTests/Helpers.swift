import XCTest

/// Asserts |actual − expected| ≤ tolerance · max(1, |expected|).
func assertClose(_ actual: Double, _ expected: Double, tolerance: Double = 1e-12,
                 _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    if actual == expected { return }
    let scale = max(1, abs(expected))
    XCTAssert(abs(actual - expected) <= tolerance * scale,
              "\(actual) != \(expected) (tolerance \(tolerance)) \(message)", file: file, line: line)
}

/// Relative closeness, for small tail probabilities.
func assertRelativelyClose(_ actual: Double, _ expected: Double, tolerance: Double = 1e-10,
                           _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    if actual == expected { return }
    XCTAssert(abs(actual - expected) <= tolerance * abs(expected),
              "\(actual) != \(expected) (relative tolerance \(tolerance)) \(message)", file: file, line: line)
}
