import Foundation
import XCTest

/// A throwaway project directory with `suites/`, removed after the test.
func workspace(_ test: XCTestCase, suites: [String: String] = [:]) -> String {
    let root = NSTemporaryDirectory() + "bench-cli-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: root + "/suites", withIntermediateDirectories: true)
    for (name, text) in suites {
        _ = FileManager.default.createFile(atPath: "\(root)/suites/\(name).json", contents: Data(text.utf8))
    }
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
    return root
}

let tinySuite = #"{"processes":2,"timeBudget":0.01,"warmup":0.001,"benchmarks":[{"benchmark":"harness/empty"},{"benchmark":"harness/sum","parameters":{"count":[100,200]}}]}"#
