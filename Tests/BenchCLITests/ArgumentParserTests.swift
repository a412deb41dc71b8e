import XCTest
@testable import BenchCLI

final class ArgumentParserTests: XCTestCase {
    let options: [OptionSpec] = [.value("suite", "S", ""), .value("filter", "R", ""), .flag("gate", "")]

    func testValuesFlagsAndPositionals() throws {
        let parsed = try ArgumentParser.parse(["a.json", "--suite", "k", "--gate", "--filter=x=y", "b.json"], options: options, command: "t")
        XCTAssertEqual(parsed.positionals, ["a.json", "b.json"])
        XCTAssertEqual(parsed.value("suite"), "k")
        XCTAssertEqual(parsed.value("filter"), "x=y", "only the first = splits")
        XCTAssertTrue(parsed.has("gate"))
    }

    func testDoubleDashEndsOptions() throws {
        let parsed = try ArgumentParser.parse(["--", "--gate"], options: options, command: "t")
        XCTAssertEqual(parsed.positionals, ["--gate"])
        XCTAssertFalse(parsed.has("gate"))
    }

    func testMistakesAreUsageErrors() {
        XCTAssertThrowsError(try ArgumentParser.parse(["--suite"], options: options, command: "t"))
        XCTAssertThrowsError(try ArgumentParser.parse(["--suite", "--gate"], options: options, command: "t"), "a value cannot be an option")
        XCTAssertThrowsError(try ArgumentParser.parse(["--gate=yes"], options: options, command: "t"))
        XCTAssertThrowsError(try ArgumentParser.parse(["--suite", "a", "--suite", "b"], options: options, command: "t"))
        XCTAssertThrowsError(try ArgumentParser.parse(["-s"], options: options, command: "t"))
        XCTAssertThrowsError(try ArgumentParser.parse(["--sute", "a"], options: options, command: "t")) { error in
            XCTAssertTrue((error as? UsageError)?.message.contains("did you mean --suite") == true)
        }
    }

    func testNumbersAreRangeChecked() throws {
        let parsed = try ArgumentParser.parse(["--suite", "12"], options: options, command: "t")
        XCTAssertEqual(try parsed.int("suite", in: 1...20), 12)
        XCTAssertThrowsError(try parsed.int("suite", in: 1...10))
        XCTAssertThrowsError(try parsed.double("suite", in: 0...1, what: "a fraction"))
        XCTAssertNil(try parsed.int("filter", in: 1...10))
    }

    func testEditDistance() {
        XCTAssertEqual(ArgumentParser.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(ArgumentParser.editDistance("", "abc"), 3)
        XCTAssertNil(ArgumentParser.suggestion(for: "zzzzzz", among: ["suite"]))
    }
}
