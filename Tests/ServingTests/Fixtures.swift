import BenchStats
import Foundation
@testable import Serving

/// Shared test fixtures: the committed reference models and a running server.
enum Fixtures {
    /// `models/` at the repository root.
    static let modelDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models").path

    static func referenceModels() throws -> [MLP] {
        try ReferenceModels.load(directory: modelDirectory)
    }

    /// A started server on an ephemeral loopback port with the reference models.
    static func startServer(batching: BatchingConfiguration, limits: HTTPLimits = HTTPLimits()) throws -> ModelServer {
        let server = ModelServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, models: try referenceModels(),
                                                                    batching: batching, eventLoops: 2, limits: limits))
        try server.start()
        return server
    }

    /// An infer body for `rows` rows of the reference model's 64 features.
    static func inferBody(rows: Int, nested: Bool = false, seed: UInt64 = 1, extra: String = "") -> (body: [UInt8], values: [Float]) {
        var rng = SplitMix64(seed: seed)
        let values = (0..<(rows * 64)).map { _ in Float((rng.normal() * 100).rounded() / 100) }
        let rowsText = (0..<rows).map { r in values[(r * 64)..<((r + 1) * 64)].map { "\($0)" }.joined(separator: ",") }
        let data = nested ? "[" + rowsText.map { "[\($0)]" }.joined(separator: ",") + "]" : "[" + rowsText.joined(separator: ",") + "]"
        let body = #"{"id":"req-1","inputs":[{"name":"input","shape":[\#(rows),64],"datatype":"FP32","data":\#(data)}]\#(extra)}"#
        return (Array(body.utf8), values)
    }
}
