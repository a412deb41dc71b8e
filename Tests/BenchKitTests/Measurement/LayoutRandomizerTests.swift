import XCTest
@testable import BenchKit

final class LayoutRandomizerTests: XCTestCase {
    func testDifferentSeedsShiftTheStackDifferently() {
        func stackAddress(seed: UInt64) -> UInt {
            var randomizer = LayoutRandomizer(seed: seed)
            return randomizer.withShiftedStack {
                var local = 0
                return withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
            }
        }
        let addresses = Set((1...8).map { stackAddress(seed: $0) })
        XCTAssertGreaterThan(addresses.count, 1)
        XCTAssertEqual(stackAddress(seed: 42), stackAddress(seed: 42), "same seed, same layout")
    }
}
