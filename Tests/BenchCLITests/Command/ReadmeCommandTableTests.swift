@testable import BenchCLI
import Foundation
import XCTest

/// README's command table and the registry agree: the same commands in the same order,
/// and every option a row shows is one the command declares.
final class ReadmeCommandTableTests: XCTestCase {
    /// The first cell of each row of the table under "## Commands", e.g.
    /// "`bench list [--suite S] [--filter R] [--benchmarks]`".
    private func commandCells() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try XCTUnwrap(text.components(separatedBy: "\n## Commands\n").dropFirst().first, "README has no ## Commands")
        return section.split(separator: "\n").prefix { !$0.hasPrefix("## ") }
            .filter { $0.hasPrefix("| `bench") }
            .map { String($0.dropFirst(2)).components(separatedBy: " | ")[0] }
    }

    /// The command path a cell names: the words after `bench` up to the first option or
    /// placeholder (`bench --suite S` is `run`).
    private func path(of cell: String) -> [String] {
        let words = cell.split(separator: "`")[0].split(separator: " ").dropFirst().map(String.init)
        let path = words.prefix { $0.first?.isLowercase == true && !$0.hasPrefix("-") }
        return path.isEmpty ? [CommandRegistry.defaultCommand.name] : Array(path)
    }

    func testTheTableListsTheRegistrysCommandsInOrder() throws {
        let documented = try commandCells().map(path)
        let registered = CommandRegistry.visible.flatMap { entry in
            entry.configuration.subcommands.isEmpty ? [[entry.name]] : entry.configuration.subcommands.map { [entry.name, $0.name] }
        }
        XCTAssertEqual(documented, registered, "README.md's command table and CommandRegistry disagree")
    }

    func testEveryOptionInTheTableIsDeclaredByItsCommand() throws {
        for cell in try commandCells() {
            let path = path(of: cell)
            let entry = try XCTUnwrap(CommandRegistry.allPaths.first { $0.path == path }?.entry, "\(path)")
            let declared = Set(entry.acceptedOptions.map(\.longForm))
            let shown = cell.split(whereSeparator: { " [`|\\(".contains($0) }).filter { $0.hasPrefix("--") }
                .map { String($0.prefix { $0 != "]" && $0 != "=" && $0 != ")" }) }
            for option in shown {
                XCTAssertTrue(declared.contains(option), "README shows \(option) for `bench \(path.joined(separator: " "))`, which does not declare it")
            }
        }
    }
}
