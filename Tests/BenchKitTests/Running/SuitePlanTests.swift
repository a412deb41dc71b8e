import XCTest
@testable import BenchKit

final class SuitePlanTests: XCTestCase {
    let registry = Registry([
        Benchmark("mm", summary: "test", parameters: [ParameterSpec("n", .int), ParameterSpec("threads", .int, default: .int(1))]) { _ in Workload(body: {}) },
        Benchmark("plain", summary: "test") { _ in Workload(body: {}) },
    ])

    private func plan(_ json: String) throws -> SuitePlan {
        let directory = temporaryDirectory(self)
        write(json, to: directory + "/s.json")
        return try SuitePlan.load(suite: "s", suitesDirectory: directory, registry: registry)
    }

    private func planError(_ json: String) -> BenchError? {
        do { _ = try plan(json); return nil } catch { return error as? BenchError }
    }

    func testGridsExpandToEveryCombinationWithDefaults() throws {
        let suite = try plan(#"{"timeBudget":0.2,"threshold":0.07,"benchmarks":[{"benchmark":"mm","parameters":{"n":[64,128],"threads":[1,2]}},{"benchmark":"plain","timeBudget":1}]}"#)
        XCTAssertEqual(suite.suite, "s")
        XCTAssertEqual(suite.processes, SuitePlan.defaultProcesses)
        XCTAssertEqual(suite.instances.map(\.name), ["mm/n=64", "mm/n=64/threads=2", "mm/n=128", "mm/n=128/threads=2", "plain"])
        XCTAssertEqual(suite.instances[0].timeBudget, 0.2)
        XCTAssertEqual(suite.instances[4].timeBudget, 1)
        XCTAssertEqual(suite.instances[0].threshold, 0.07)
    }

    func testDefaultsAreFilledInButLeftOutOfTheName() throws {
        let suite = try plan(#"{"benchmarks":[{"benchmark":"mm","parameters":{"n":256}}]}"#)
        XCTAssertEqual(suite.instances.map(\.name), ["mm/n=256"])
        XCTAssertEqual(suite.instances[0].parameters.values["threads"], .int(1))
    }

    func testUnknownSuiteListsTheAvailableOnes() {
        let directory = temporaryDirectory(self)
        write("{}", to: directory + "/kernels.json")
        XCTAssertThrowsError(try SuitePlan.load(suite: "kernals", suitesDirectory: directory, registry: registry)) { error in
            XCTAssertEqual(error as? BenchError, .unknownSuite(name: "kernals", available: ["kernels"]))
        }
    }

    func testUnknownBenchmarkIsAnError() {
        guard case .unknownBenchmark(let name, _, _)? = planError(#"{"benchmarks":[{"benchmark":"nope"}]}"#) else { return XCTFail() }
        XCTAssertEqual(name, "nope")
    }

    func testUnknownParameterIsAnError() {
        guard case .unknownParameter(_, let parameter, _, let accepted)? = planError(#"{"benchmarks":[{"benchmark":"mm","parameters":{"n":1,"size":2}}]}"#) else { return XCTFail() }
        XCTAssertEqual(parameter, "size")
        XCTAssertEqual(accepted, ["n", "threads"])
    }

    func testMissingRequiredParameterWrongTypeAndEmptyListAreErrors() {
        for json in [#"{"benchmarks":[{"benchmark":"mm"}]}"#,
                     #"{"benchmarks":[{"benchmark":"mm","parameters":{"n":"big"}}]}"#,
                     #"{"benchmarks":[{"benchmark":"mm","parameters":{"n":[]}}]}"#] {
            guard case .invalidContent? = planError(json) else { return XCTFail("expected invalidContent for \(json)") }
        }
    }

    func testMisspeltKeysAreNotSilentlyIgnored() {
        guard case .invalidContent(_, let detail)? = planError(#"{"treshold":0.1,"benchmarks":[{"benchmark":"plain"}]}"#) else { return XCTFail() }
        XCTAssertTrue(detail.contains("treshold"))
        guard case .invalidContent(_, let entryDetail)? = planError(#"{"benchmarks":[{"benchmark":"plain","budget":1}]}"#) else { return XCTFail() }
        XCTAssertTrue(entryDetail.contains("budget"))
    }

    func testOutOfRangeSettingsAndDuplicatesAreErrors() {
        for json in [#"{"processes":0,"benchmarks":[{"benchmark":"plain"}]}"#,
                     #"{"timeBudget":-1,"benchmarks":[{"benchmark":"plain"}]}"#,
                     #"{"threshold":-0.1,"benchmarks":[{"benchmark":"plain"}]}"#,
                     #"{"benchmarks":[]}"#,
                     #"{"benchmarks":[{"benchmark":"plain"},{"benchmark":"plain"}]}"#] {
            guard case .invalidContent? = planError(json) else { return XCTFail("expected invalidContent for \(json)") }
        }
    }

    func testBrokenSuiteFilesAreClassified() {
        guard case .emptyFile? = planError("") else { return XCTFail() }
        guard case .invalidJSON? = planError(#"{"benchmarks":[{"bench"#) else { return XCTFail() }
        guard case .invalidContent? = planError(#"{"benchmarks":{"benchmark":"plain"}}"#) else { return XCTFail() }
    }

    func testHugeGridsAreRefusedBeforeExpandingNamingSuiteAndCount() {
        // 1000 × 1000 combinations used to be expanded (minutes, gigabytes) before running.
        let values = (1...1000).map(String.init).joined(separator: ",")
        let error = planError(#"{"benchmarks":[{"benchmark":"mm","parameters":{"n":[\#(values)],"threads":[\#(values)]}}]}"#)
        guard case .tooManyInstances("s", _, 1_000_000, SuitePlan.maximumInstances)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue(error!.description.contains("suite \"s\" expands to 1000000 benchmark instances"), error!.description)
        XCTAssertNoThrow(try plan(#"{"benchmarks":[{"benchmark":"mm","parameters":{"n":[\#(values)]}}]}"#))
    }

    func testASuiteNameThatCannotBeAFileNameIsRefused() {
        // (as written in JSON, as decoded)
        for (json, name) in [("../../../../tmp/x", "../../../../tmp/x"), ("", ""), ("a\\nb", "a\nb")] {
            let error = planError(#"{"suite":"\#(json)","benchmarks":[{"benchmark":"plain"}]}"#)
            guard case .unsafeName(name, "suite name", _, _)? = error else { return XCTFail("\(json): \(String(describing: error))") }
        }
    }
}
