@testable import BenchKit
import Foundation
import XCTest

final class GitTests: XCTestCase {
    private func git(_ arguments: [String], in directory: String) throws {
        _ = try Git.run(arguments, in: directory)
    }

    private func repository() throws -> String {
        let root = temporaryDirectory(self)
        try git(["init", "-q", "-b", "main"], in: root)
        try git(["config", "user.email", "t@example.com"], in: root)
        try git(["config", "user.name", "t"], in: root)
        try "one\n".write(toFile: root + "/file.txt", atomically: true, encoding: .utf8)
        try git(["add", "."], in: root)
        try git(["commit", "-qm", "one"], in: root)
        try "two\n".write(toFile: root + "/file.txt", atomically: true, encoding: .utf8)
        try git(["commit", "-qam", "two"], in: root)
        return root
    }

    func testOutsideARepositoryIsAClearError() {
        let directory = temporaryDirectory(self)
        XCTAssertThrowsError(try Git.topLevel(of: directory)) { error in
            XCTAssertEqual(error as? CIError, .notAGitRepository(directory: directory))
            XCTAssertTrue("\(error)".contains("is not inside a git repository"))
        }
    }

    func testResolvesRevisionsAndRejectsUnknownOnes() throws {
        let git = try Git.topLevel(of: try repository())
        XCTAssertEqual(try git.resolve("HEAD").count, 40)
        XCTAssertNotEqual(try git.resolve("HEAD~1"), try git.resolve("main"))
        for bad in ["no-such-branch", "HEAD~5", "--output=x"] {
            XCTAssertThrowsError(try git.resolve(bad)) { error in
                XCTAssertTrue("\(error)".hasPrefix("unknown revision '\(bad)'"), "\(error)")
            }
        }
    }

    func testWorktreeChecksOutTheCommitAndIsReused() throws {
        let root = try repository()
        let git = try Git.topLevel(of: root)
        let tree = root + "/.bench-ci/base"
        try git.worktree(at: tree, commit: try git.resolve("HEAD~1"))
        XCTAssertEqual(try String(contentsOfFile: tree + "/file.txt", encoding: .utf8), "one\n")
        try "scratch".write(toFile: tree + "/leftover.txt", atomically: true, encoding: .utf8)
        try git.worktree(at: tree, commit: try git.resolve("HEAD"))
        XCTAssertEqual(try String(contentsOfFile: tree + "/file.txt", encoding: .utf8), "two\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tree + "/leftover.txt"), "reused trees are cleaned")
    }
}
