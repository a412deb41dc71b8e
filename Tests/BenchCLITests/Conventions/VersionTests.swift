@testable import BenchCLI
import XCTest

/// `bench --version` and `bench <command> --version` name the version (one constant)
/// and the build configuration, on stdout, with exit 0.
final class VersionTests: XCTestCase {
    func testVersionAtTopLevelAndOnEveryCommand() {
        let root = workspace(self)
        let expected = "bench \(Version.number) (\(BuildConfiguration.current) build)\n"
        XCTAssertEqual(Bench.run(["--version"], in: root).stdout, expected)
        for (path, _) in CommandRegistry.allPaths {
            let outcome = Bench.run(path + ["--version"], in: root)
            XCTAssertEqual(outcome.status, 0, "\(path): \(outcome.stderr)")
            XCTAssertEqual(outcome.stdout, expected, "\(path)")
        }
    }
}
