import Foundation
import XCTest
@testable import BenchKit

final class JSONFilesTests: XCTestCase {
    private func readError(_ contents: String?) -> BenchError? {
        let directory = temporaryDirectory(self)
        let path = directory + "/r.json"
        if let contents { write(contents, to: path) }
        do {
            _ = try JSONFiles.readResultFile(path)
            return nil
        } catch let error as BenchError {
            return error
        } catch {
            XCTFail("untyped error \(error)")
            return nil
        }
    }

    func testMissingFileSaysSo() {
        guard case .fileNotFound? = readError(nil) else { return XCTFail("expected fileNotFound") }
    }

    func testEmptyFileSaysSo() {
        guard case .emptyFile? = readError("  \n") else { return XCTFail("expected emptyFile") }
    }

    func testTruncatedFileIsInvalidJSON() throws {
        let full = String(decoding: try JSONEncoder().encode(sampleResult()), as: UTF8.self)
        guard case .invalidJSON? = readError(String(full.prefix(full.count / 2))) else { return XCTFail("expected invalidJSON") }
    }

    func testNonJSONIsInvalidJSON() {
        guard case .invalidJSON? = readError("time,ns\n1,2\n") else { return XCTFail("expected invalidJSON") }
    }

    func testWrongOrMissingSchemaIsNamed() {
        guard case .wrongSchema(_, "other/2")? = readError(#"{"schema":"other/2","benchmarks":[]}"#) else { return XCTFail("expected wrongSchema") }
        guard case .wrongSchema(_, nil)? = readError(#"{"benchmarks":[]}"#) else { return XCTFail("expected wrongSchema") }
        guard case .wrongSchema(_, nil)? = readError("[1,2]") else { return XCTFail("expected wrongSchema") }
    }

    func testStructuralErrorsNameTheLocation() {
        guard case .invalidContent(_, let detail)? = readError(#"{"schema":"bench-result/1","benchmarks":[{"name":"a","metrics":{"time":{"better":"lower","samples":[[1]]}}}]}"#) else {
            return XCTFail("expected invalidContent")
        }
        XCTAssertTrue(detail.contains("benchmarks[0].metrics.time"), detail)
        XCTAssertTrue(detail.contains("\"unit\""), detail)
    }

    func testSemanticErrorsAreCaught() {
        let duplicate = #"{"schema":"bench-result/1","benchmarks":[{"name":"a","metrics":{}},{"name":"a","metrics":{}}]}"#
        let emptySamples = #"{"schema":"bench-result/1","benchmarks":[{"name":"a","metrics":{"t":{"unit":"ns","better":"lower","samples":[[]]}}}]}"#
        let neither = #"{"schema":"bench-result/1","benchmarks":[{"name":"a","metrics":{"t":{"unit":"ns","better":"lower"}}}]}"#
        let badDirection = #"{"schema":"bench-result/1","benchmarks":[{"name":"a","metrics":{"t":{"unit":"ns","better":"faster","samples":[[1]]}}}]}"#
        for text in [duplicate, emptySamples, neither, badDirection] {
            guard case .invalidContent? = readError(text) else { return XCTFail("expected invalidContent for \(text)") }
        }
    }

    func testAtomicWriteReplacesWholeFileAndLeavesNoTemporaries() throws {
        let directory = temporaryDirectory(self)
        let path = directory + "/out/r.json"
        try JSONFiles.writeAtomically(sampleResult(suite: "one"), to: path)
        try JSONFiles.writeAtomically(sampleResult(suite: "two"), to: path)
        XCTAssertEqual(try JSONFiles.readResultFile(path).suite, "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/out"), ["r.json"])
    }

    func testFailedWriteKeepsTheOldFileIntact() throws {
        let directory = temporaryDirectory(self)
        let path = directory + "/r.json"
        try JSONFiles.writeAtomically(sampleResult(suite: "old"), to: path)
        chmod(directory, 0o500)
        defer { chmod(directory, 0o700) }
        if getuid() == 0 { throw XCTSkip("root ignores directory permissions") }
        XCTAssertThrowsError(try JSONFiles.writeAtomically(sampleResult(suite: "new"), to: path)) { error in
            guard case BenchError.unwritable? = error as? BenchError else { return XCTFail("expected unwritable, got \(error)") }
        }
        XCTAssertEqual(try JSONFiles.readResultFile(path).suite, "old")
    }

    func testWritingWhereAFileBlocksTheDirectoryFails() {
        let directory = temporaryDirectory(self)
        write("x", to: directory + "/blocker")
        XCTAssertThrowsError(try JSONFiles.writeAtomically(sampleResult(), to: directory + "/blocker/r.json")) { error in
            guard case BenchError.unwritable? = error as? BenchError else { return XCTFail("expected unwritable, got \(error)") }
        }
    }

    func testTheTemporaryFileIsNewNeverAPlantedLink() throws {
        // The temporary name was predictable and opened without O_EXCL: a link planted
        // there sent the write into another file.
        let directory = temporaryDirectory(self)
        let victim = directory + "/victim"
        write("precious", to: victim)
        for name in [".r.json.\(getpid()).tmp", ".r.json.tmp"] {
            XCTAssertEqual(symlink(victim, directory + "/" + name), 0)
        }
        try JSONFiles.writeAtomically(sampleResult(), to: directory + "/r.json")
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious")
        XCTAssertEqual(try JSONFiles.readResultFile(directory + "/r.json"), sampleResult())
        var status = stat()
        XCTAssertEqual(lstat(directory + "/r.json", &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFREG, "a new regular file, not the planted link")
    }

    func testFilesOverTheSizeLimitAreRefusedUnread() throws {
        let directory = temporaryDirectory(self)
        let path = directory + "/huge.json"
        let fd = open(path, O_CREAT | O_WRONLY, 0o644)
        XCTAssertEqual(ftruncate(fd, off_t(JSONFiles.resultFileLimit + 1)), 0) // sparse: no disk, no time
        close(fd)
        XCTAssertThrowsError(try JSONFiles.readResultFile(path)) { error in
            XCTAssertEqual(error as? BenchError, .fileTooLarge(path: path, size: JSONFiles.resultFileLimit + 1, limit: JSONFiles.resultFileLimit))
            XCTAssertTrue("\(error)".contains("256 MiB"), "\(error)")
        }
        write(String(repeating: " ", count: JSONFiles.smallFileLimit) + "{}", to: path)
        XCTAssertThrowsError(try JSONFiles.read(SuiteFile.self, from: path)) { error in
            guard case BenchError.fileTooLarge? = error as? BenchError else { return XCTFail("\(error)") }
        }
    }

    func testCheckWritableRefusesADirectoryAndLeavesNothingBehind() throws {
        let directory = temporaryDirectory(self)
        XCTAssertThrowsError(try JSONFiles.checkWritable(directory)) { error in
            guard case BenchError.unwritable(_, let reason)? = error as? BenchError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("is a directory"), reason)
        }
        try JSONFiles.checkWritable(directory + "/new/r.json")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/new"), [])
    }
}
