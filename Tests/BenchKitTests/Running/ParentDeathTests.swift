import Foundation
import XCTest
@testable import BenchKit

/// Children dying with a killed parent is checked end to end in BenchCLITests
/// (`ChildProcessTests`); here, what a parent passes on.
final class ParentDeathTests: XCTestCase {
    func testTheChildEnvironmentCarriesThisProcesssPidAtAFixedWidth() throws {
        let environment = ParentDeath.childEnvironment(["PATH": "/bin"])
        XCTAssertEqual(environment.keys.sorted(), ["PATH", ParentDeath.variable].sorted())
        let passed = try XCTUnwrap(environment[ParentDeath.variable])
        XCTAssertEqual(pid_t(passed), getpid())
        XCTAssertEqual(passed.count, 10)
        XCTAssertEqual(ParentDeath.paddedPid(7), "0000000007")
        XCTAssertEqual(ParentDeath.paddedPid(4_194_304), "0004194304")
        XCTAssertEqual(ParentDeath.paddedPid(.max), String(pid_t.max))
    }

    func testWithoutTheVariableNothingHappens() {
        XCTAssertNil(getenv(ParentDeath.variable))
        ParentDeath.bindToParentIfRequested()
        XCTAssertNil(getenv(ParentDeath.variable))
    }
}
