@testable import BenchCLI
import XCTest

/// The parser splits a command line by declared options; typed options convert their
/// values and fall back to the default declared with them.
final class ArgumentParserTests: XCTestCase {
    private let suite = Option.text("suite", "S", "")
    private let filter = Option.text("filter", "R", "")
    private let output = OutputOptions.output("")
    private let processes = Option.integer("processes", "N", in: 1...20, "").defaulting(to: 10)
    private let budget = Option.number("time-budget", "S", in: 0...1, expected: "a fraction", "")
    private let header = Option.text("header", "H", "").repeated()
    private let gate = Flag("gate", "")
    private var declarations: [OptionDeclaration] {
        [suite.declaration, filter.declaration, output.declaration, processes.declaration, budget.declaration,
         header.declaration, gate.declaration]
    }

    private func parse(_ arguments: [String]) throws -> ParsedArguments {
        try ArgumentParser.parse(arguments, options: declarations, command: "t")
    }

    func testValuesFlagsAndPositionals() throws {
        let parsed = try parse(["a.json", "--suite", "k", "--gate", "--filter=x=y", "b.json"])
        XCTAssertEqual(parsed.positionals, ["a.json", "b.json"])
        XCTAssertEqual(try parsed.value(suite), "k")
        XCTAssertEqual(try parsed.value(filter), "x=y", "only the first = splits")
        XCTAssertTrue(parsed.isSet(gate))
        XCTAssertEqual(parsed.original, ["a.json", "--suite", "k", "--gate", "--filter=x=y", "b.json"])
    }

    func testAShortAliasIsTheSameOption() throws {
        XCTAssertEqual(try parse(["-o", "r.html"]).value(output), "r.html")
        XCTAssertEqual(try parse(["--output", "r.html"]).value(output), "r.html")
        XCTAssertThrowsError(try parse(["-o", "a", "--output", "b"]), "one option, given twice")
    }

    func testDefaultsComeFromTheDeclaration() throws {
        XCTAssertEqual(try parse([]).value(processes), 10)
        XCTAssertEqual(try parse(["--processes", "3"]).value(processes), 3)
        XCTAssertEqual(processes.declaration.defaultText, "10")
        XCTAssertNil(try parse([]).value(suite))
    }

    func testRepeatedOptionsKeepEveryValueInOrder() throws {
        XCTAssertEqual(try parse(["--header", "a: 1", "--header", "b: 2"]).values(header), ["a: 1", "b: 2"])
        XCTAssertEqual(try parse([]).values(header), [])
    }

    func testDoubleDashEndsOptions() throws {
        let parsed = try parse(["--", "--gate"])
        XCTAssertEqual(parsed.positionals, ["--gate"])
        XCTAssertFalse(parsed.isSet(gate))
    }

    func testMistakesAreUsageErrorsNamingTheOption() {
        func message(_ arguments: [String]) -> String? {
            do { _ = try parse(arguments) } catch let error as UsageError { return error.message } catch { return nil }
            return nil
        }
        XCTAssertEqual(message(["--suite"]), "t: --suite needs a value (S)")
        XCTAssertEqual(message(["--suite", "--gate"]), "t: --suite needs a value (S)", "a value cannot be an option")
        XCTAssertEqual(message(["--gate=yes"]), "t: --gate takes no value")
        XCTAssertEqual(message(["--suite", "a", "--suite", "b"]), "t: --suite given more than once; give it once")
        XCTAssertTrue(message(["-s"])?.contains("unknown option '-s'") == true)
        XCTAssertTrue(message(["--sute", "a"])?.contains("did you mean --suite") == true)
    }

    func testValuesAreConvertedAndRangeChecked() throws {
        XCTAssertEqual(try parse(["--processes", "12"]).value(processes), 12)
        XCTAssertThrowsError(try parse(["--processes", "21"]).value(processes)) { error in
            XCTAssertEqual(error as? UsageError, UsageError("--processes expects a whole number from 1 to 20, got '21'",
                                                            option: "--processes", value: "21"))
        }
        XCTAssertThrowsError(try parse(["--time-budget", "2"]).value(budget))
        XCTAssertThrowsError(try parse(["--time-budget", "nan"]).value(budget))
    }

    func testEditDistance() {
        XCTAssertEqual(Suggestion.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(Suggestion.editDistance("", "abc"), 3)
        XCTAssertNil(Suggestion.closest(to: "zzzzzz", among: ["suite"]))
    }
}
