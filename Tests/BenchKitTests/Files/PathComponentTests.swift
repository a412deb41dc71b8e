import XCTest
@testable import BenchKit

final class PathComponentTests: XCTestCase {
    func testPlainNamesAreAccepted() throws {
        for name in ["kernels", "kernels-ci", "kernels-instructions", "amd-epyc-2c-x86_64-8bacac", "v1.2+fast", "S_1"] {
            XCTAssertEqual(try PathComponent(name, role: "suite name", source: "test").name, name)
        }
    }

    func testNamesThatCouldLeaveTheFolderOrHideAreRefusedWithTheReason() {
        let cases: [(String, String)] = [
            ("../../../../tmp/x", "contains '/'"), ("a/b", "contains '/'"), ("..", "starts with '.'"),
            (".hidden", "starts with '.'"), ("-rf", "starts with '-'"), ("", "is empty"),
            ("two\nlines", "contains '\\n'"), ("bell\u{7}", "contains '\\u{7}'"), ("with space", "contains ' '"),
            ("nul\u{0}", "contains '\\u{0}'"), (String(repeating: "a", count: 129), "longer than 128 bytes"),
        ]
        for (name, reason) in cases {
            XCTAssertThrowsError(try PathComponent(name, role: "suite name", source: "suites/s.json")) { error in
                guard case BenchError.unsafeName(name, "suite name", "suites/s.json", let problem)? = error as? BenchError else {
                    return XCTFail("\(name.debugDescription): \(error)")
                }
                XCTAssertTrue(problem.contains(reason), "\(name.debugDescription): \(problem)")
            }
        }
    }

    func testTheMessageIsOneLineSayingWhatWhereAndWhatToDo() {
        let error = BenchError.unsafeName(name: "x\n\u{1B}[2J", role: "environment.machine", source: "r.json", problem: "it contains '\\n'")
        XCTAssertFalse(error.description.contains("\n"))
        XCTAssertFalse(error.description.contains("\u{1B}"))
        XCTAssertTrue(error.description.hasPrefix("r.json: environment.machine \"x\\n\\u{1B}[2J\" cannot be used as a file name"), error.description)
        XCTAssertTrue(error.description.contains("use 1-128 ASCII letters"), error.description)
    }
}
