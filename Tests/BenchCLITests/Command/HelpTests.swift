@testable import BenchCLI
import XCTest

/// Every command's help comes from the registry: `-h` and `--help` work on each command
/// and subcommand, exit 0, print to stdout and name every declared option with its default.
final class HelpTests: XCTestCase {
    func testEveryCommandAndSubcommandHasHelpNamingEachOptionAndDefault() {
        let root = workspace(self)
        for (path, entry) in CommandRegistry.allPaths {
            for flag in ["-h", "--help"] {
                let outcome = Bench.run(path + [flag], in: root)
                XCTAssertEqual(outcome.status, 0, "\(path) \(flag): \(outcome.stderr)")
                XCTAssertEqual(outcome.stderr, "", "\(path) \(flag)")
                XCTAssertTrue(outcome.stdout.hasPrefix("usage: bench \(path.joined(separator: " "))")
                              || path == ["run"] && outcome.stdout.hasPrefix("usage: bench --suite S"), outcome.stdout)
                for option in entry.acceptedOptions {
                    XCTAssertTrue(outcome.stdout.contains(option.label), "\(path): \(option.label) missing")
                    if let defaultText = option.defaultText {
                        XCTAssertTrue(outcome.stdout.contains("default: \(defaultText)"), "\(path): default of \(option.longForm)")
                    }
                }
                for subcommand in entry.configuration.subcommands {
                    XCTAssertTrue(outcome.stdout.contains("  \(subcommand.name) "), "\(path) lists \(subcommand.name)")
                }
            }
        }
    }

    func testHelpWinsOverOtherMistakesOnTheSameLine() {
        let outcome = Bench.run(["compare", "only-one.json", "--bogus", "-h"], in: workspace(self))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.hasPrefix("usage: bench compare"), outcome.stdout)
    }

    func testTopLevelHelpListsTheVisibleCommandsOnly() {
        let root = workspace(self)
        for arguments in [["-h"], ["--help"], ["help"]] {
            let outcome = Bench.run(arguments, in: root)
            XCTAssertEqual(outcome.status, 0)
            for entry in CommandRegistry.visible { XCTAssertTrue(outcome.stdout.contains("  \(entry.name) "), entry.name) }
            for hidden in CommandRegistry.commands where hidden.configuration.hidden {
                XCTAssertFalse(outcome.stdout.contains(hidden.name), hidden.name)
            }
        }
    }

    func testHelpCommandShowsTheSameHelpAsTheFlag() {
        let root = workspace(self)
        XCTAssertEqual(Bench.run(["help", "baseline", "update"], in: root).stdout, Bench.run(["baseline", "update", "-h"], in: root).stdout)
        let unknown = Bench.run(["help", "frobnicate"], in: root)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderrLines.count, 1, unknown.stderr)
    }

    func testAGroupWithoutItsSubcommandSaysWhichOnesThereAre() {
        let outcome = Bench.run(["baseline"], in: workspace(self))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.stderrLines, ["error: baseline: expected `bench baseline update --suite S [--from PATH]`; see `bench baseline --help`"])
    }
}
