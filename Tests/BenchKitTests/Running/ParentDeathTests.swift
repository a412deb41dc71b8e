import Foundation
import XCTest
@testable import BenchKit

/// Children dying with a killed parent is checked end to end in BenchCLITests
/// (`ChildProcessTests`); here, what a parent passes on.
final class ParentDeathTests: XCTestCase {
    func testTheChildEnvironmentCarriesThisProcesssPid() {
        let environment = ParentDeath.childEnvironment(["PATH": "/bin"])
        XCTAssertEqual(environment, ["PATH": "/bin", ParentDeath.variable: String(getpid())])
        XCTAssertEqual(ParentDeath.childEnvironment()[ParentDeath.variable], String(getpid()))
    }

    func testWithoutTheVariableNothingHappens() {
        XCTAssertNil(getenv(ParentDeath.variable))
        ParentDeath.bindToParentIfRequested()
        XCTAssertNil(getenv(ParentDeath.variable))
    }
}
