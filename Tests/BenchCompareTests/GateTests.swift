import BenchCompare
import BenchKit
import XCTest

final class GateTests: XCTestCase {
    func testRegressionFailsTheGateNamingIt() throws {
        let (base, new) = Fixture.pair(factor: 1.2)
        guard case .fail(let reasons) = try compare(baseline: base, new: new).gateDecision() else { return XCTFail() }
        XCTAssertEqual(reasons.count, 1)
        XCTAssertTrue(reasons[0].hasPrefix("b time: +19.8% (threshold 3.0%)"), reasons[0])
    }

    func testEnvironmentMismatchRefusesUnlessAllowed() throws {
        var (base, new) = Fixture.pair(factor: 1.2)
        new.environment?.cpu = "other-cpu"
        let comparison = try compare(baseline: base, new: new)
        XCTAssertTrue(comparison.environment.isMismatch)
        XCTAssertEqual(comparison.gateDecision(), .refused(reasons: ["environment differs: cpu: test-cpu vs other-cpu"]))
        guard case .fail = comparison.gateDecision(allowEnvironmentMismatch: true) else { return XCTFail() }
    }

    func testDebugBuildIsRefused() throws {
        var (base, new) = Fixture.pair(factor: 1)
        base.environment?.build = "debug"
        new.environment?.build = "debug"
        let comparison = try compare(baseline: base, new: new)
        XCTAssertTrue(comparison.environment.debugBuild)
        guard case .refused(let reasons) = comparison.gateDecision() else { return XCTFail() }
        XCTAssertEqual(reasons, ["a result comes from a debug build"])
    }

    func testFingerprintAloneCountsAsMismatch() {
        var a = EnvironmentInfo(), b = EnvironmentInfo()
        a.fingerprint = "x"; b.fingerprint = "y"
        XCTAssertEqual(compareEnvironments(a, b).differences, ["fingerprint: x vs y"])
        XCTAssertFalse(compareEnvironments(nil, nil).isMismatch)
    }
}
