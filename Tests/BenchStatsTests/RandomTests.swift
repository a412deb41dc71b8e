import XCTest
import BenchStats

final class RandomTests: XCTestCase {
    func testSplitMix64MatchesReference() {
        var g = SplitMix64(seed: 1_234_567)
        XCTAssertEqual((0..<5).map { _ in g.next() }, Reference.splitMix64Seed1234567)
    }

    func testXoshiroMatchesReference() {
        var g = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual((0..<5).map { _ in g.next() }, Reference.xoshiroSeed42)
        var u = Xoshiro256StarStar(seed: 99)
        XCTAssertEqual((0..<5).map { _ in u.nextUnit() }, Reference.xoshiroSeed99Units)
    }

    func testBoundedIndicesMatchReferenceIncludingRejection() {
        var g = Xoshiro256StarStar(seed: 7)
        XCTAssertEqual((0..<20).map { _ in g.index(below: 10) }, Reference.xoshiroSeed7IndexBelow10)
        var h = Xoshiro256StarStar(seed: 7)
        XCTAssertEqual((0..<5).map { _ in h.index(below: (1 << 62) + 12345) }, Reference.xoshiroSeed7IndexBelowHuge)
    }

    func testSameSeedSameStreamAndUsableWithStandardLibrary() {
        var a = Xoshiro256StarStar(seed: 5), b = Xoshiro256StarStar(seed: 5)
        XCTAssertEqual(Int.random(in: 0..<1000, using: &a), Int.random(in: 0..<1000, using: &b))
        var c = Xoshiro256StarStar(seed: 6)
        XCTAssertNotEqual(a.next(), c.next())
    }
}
