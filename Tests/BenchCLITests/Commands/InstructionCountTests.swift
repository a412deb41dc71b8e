import Foundation
import XCTest
@testable import BenchKit

/// `bench --metric instructions`: counts under valgrind that repeat exactly across runs
/// and follow the work done. Each benchmark costs one valgrind start (a few seconds),
/// so the runs are few and small.
final class InstructionCountTests: XCTestCase {
    private let sums = #"{"processes":1,"benchmarks":[{"benchmark":"harness/empty"},{"benchmark":"harness/sum","parameters":{"count":[1000,1030,2000]}}]}"#

    private func requireValgrind() throws {
        do { _ = try Valgrind.locate() } catch { throw XCTSkip("valgrind is not installed (apt-get install valgrind)") }
    }

    private let kernels = #"{"processes":1,"benchmarks":[{"benchmark":"matmul/fp32/blocked","parameters":{"n":[16]}},{"benchmark":"matmul/int8/dynamic","parameters":{"n":[16]}}]}"#

    private func count(_ arguments: [String], suite: String = "sums", in root: String, output: String) throws -> ResultFile {
        let outcome = try BenchBinary.run(["--suite", suite, "--metric", "instructions", "--output", output,
                                           "--no-compare", "--quiet"] + arguments, in: root)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return try JSONFiles.readResultFile(root + "/" + output)
    }

    private func instructions(_ result: ResultFile, _ name: String) throws -> MetricResult {
        try XCTUnwrap(result.benchmark(named: name)?.metrics["instructions"], "\(name) has no instructions metric")
    }

    func testCountsRepeatExactlyAcrossSeparateRunsWhateverTheIterationCount() throws {
        try requireValgrind()
        let root = workspace(self, suites: ["sums": sums])
        let first = try count(["--filter", "^harness/sum$"], in: root, output: "a.json")
        let second = try count(["--filter", "^harness/sum$"], in: root, output: "b.json")
        let longer = try count(["--filter", "^harness/sum$", "--count-iterations", "3"], in: root, output: "c.json")
        let base = try instructions(first, "harness/sum")

        // A/A: a separate process, another time, the same count to the instruction.
        XCTAssertEqual(try instructions(second, "harness/sum").value, base.value)
        XCTAssertEqual(try instructions(longer, "harness/sum").value, base.value, "per operation, whatever N")
        XCTAssertNil(base.samples, "a deterministic count is a single value")
        let version = try Valgrind.locate().version
        XCTAssertEqual(base.source, "callgrind \(version)")
        XCTAssertEqual(first.environment?.valgrind, version)
        XCTAssertEqual(first.suite, "sums-instructions", "counts keep their own results and baseline")
        XCTAssertNotNil(first.benchmark(named: "harness/sum")?.metrics["d1_misses"]?.value)
        XCTAssertNotNil(first.benchmark(named: "harness/sum")?.metrics["ll_misses"]?.value)
        XCTAssertNil(first.benchmark(named: "harness/sum")?.metrics["time"], "counting replaces timing")
    }

    func testCountsFollowTheWorkAndAThreePercentChangeExceedsTheTolerance() throws {
        try requireValgrind()
        let root = workspace(self, suites: ["sums": sums])
        let result = try count([], in: root, output: "r.json")
        let base = try instructions(result, "harness/sum")
        let value = try XCTUnwrap(base.value), tolerance = try XCTUnwrap(base.tolerance)
        XCTAssertGreaterThan(tolerance, 0)
        XCTAssertLessThanOrEqual(tolerance, value * 0.001 + 0.5, "layout-insensitive code gets the 0.1% floor")

        // The harness is excluded: an empty body counts nothing.
        XCTAssertEqual(try instructions(result, "harness/empty").value, 0)

        // Twice the work, about twice the instructions (the per-call fixed part is small).
        let double = try XCTUnwrap(try instructions(result, "harness/sum/count=2000").value)
        XCTAssertEqual(double / value, 2, accuracy: 0.05)

        // 3% more work is 3% more instructions, far beyond the recorded tolerance.
        let more = try XCTUnwrap(try instructions(result, "harness/sum/count=1030").value)
        XCTAssertEqual(more / value, 1.03, accuracy: 0.005)
        XCTAssertGreaterThan(more - value, 10 * tolerance)
    }

    /// Valgrind runs no AVX-512 code: its children take the kernels' AVX2 route even where
    /// this build and CPU have AVX-512 VNNI, and the result says so.
    func testKernelsCountOnEveryBuildLevelOnTheAVX2Route() throws {
        try requireValgrind()
        let root = workspace(self, suites: ["kernels": kernels])
        let result = try count([], suite: "kernels", in: root, output: "k.json")
        XCTAssertGreaterThan(try XCTUnwrap(try instructions(result, "matmul/fp32/blocked/n=16").value), 0)
        XCTAssertGreaterThan(try XCTUnwrap(try instructions(result, "matmul/int8/dynamic/n=16").value), 0)
        XCTAssertTrue(["avx2", "baseline"].contains(result.environment?.kernelISA ?? ""), "\(result.environment?.kernelISA ?? "none")")
    }

    func testWithoutValgrindTheRunStopsWithOneLineNamingThePackage() throws {
        let root = workspace(self, suites: ["sums": sums])
        let saved = ProcessInfo.processInfo.environment["PATH"]
        setenv("PATH", root, 1)
        defer { if let saved { setenv("PATH", saved, 1) } else { unsetenv("PATH") } }
        let outcome = try BenchBinary.run(["--suite", "sums", "--metric", "instructions", "--output", "r.json"], in: root)
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("apt-get install valgrind"), outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/r.json"), "nothing half-written")
    }

    func testAnUnknownMetricIsBadUsage() throws {
        let root = workspace(self, suites: ["sums": sums])
        let outcome = Bench.run(["--suite", "sums", "--metric", "cycles"], in: root)
        XCTAssertEqual(outcome.status, 2)
        XCTAssertTrue(outcome.stderr.contains("--metric must be one of time, instructions"), outcome.stderr)
    }
}
