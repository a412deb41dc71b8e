import Foundation
import XCTest
@testable import BenchKit

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) -> String {
    let path = NSTemporaryDirectory() + "benchkit-tests-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

func write(_ text: String, to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}

func sampleResult(suite: String = "kernels", machine: String = "test-machine", build: String = "release") -> ResultFile {
    var environment = EnvironmentInfo()
    environment.machine = machine
    environment.build = build
    environment.cpu = "Test CPU"
    return ResultFile(suite: suite, createdAt: "2026-11-22T08:00:00Z", environment: environment, benchmarks: [
        BenchmarkResult(name: "matmul/fp32/tiled/n=512", parameters: ["n": .int(512)], metrics: [
            "time": MetricResult(unit: "ns", better: .lower, samples: [[3.41e6, 3.38e6, 3.45e6], [3.47e6, 3.40e6]]),
            "error": MetricResult(unit: "", better: .lower, value: 1e-6, tolerance: 1e-5),
        ]),
    ])
}
