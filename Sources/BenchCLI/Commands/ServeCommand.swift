import BenchKit
import Foundation
import Serving

/// `bench serve`: the reference model server (KServe v2 REST, dynamic batching) until
/// SIGINT or SIGTERM.
enum ServeCommand {
    static let options: [OptionSpec] = [
        .value("host", "H", "address to listen on (default 127.0.0.1)"),
        .value("port", "N", "port (default 8000, the KServe v2 convention; 0 picks a free one)"),
        .value("models", "DIR", "directory of .bkm model files (default models/, or $BENCHKIT_MODELS)"),
        .value("max-batch-size", "N", "largest batch the dynamic batcher forms (default 32)"),
        .value("max-queue-delay-us", "N", "longest a request waits for a batch to fill, µs (default 100)"),
        .value("event-loops", "N", "event-loop threads (default: one per core)"),
        .flag("no-batching", "run each request on its own"),
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench serve [--host H] [--port N] [--max-batch-size N] [--max-queue-delay-us N] [--no-batching]",
        description: """
        Serves the reference MLP variants (mlp-fp32, mlp-int8, mlp-pruned) over HTTP/1.1 with
        keep-alive: GET /v2/health/live, /v2/health/ready, /v2, /v2/models/{name},
        /v2/models/{name}/ready, /v2/models/{name}/config, /v2/models/{name}/stats,
        /v2/models/stats; POST /v2/models/{name}/infer (JSON or Triton's binary tensor
        data), /v2/repository/index; versioned routes /v2/models/{name}/versions/{v}/...;
        POST /v1/completions, /v1/chat/completions (OpenAI-compatible, streamed with
        "stream": true, from a small token generator); GET /metrics (Prometheus text).
        Prints "listening on http://HOST:PORT" once ready.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "serve")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard parsed.positionals.isEmpty else {
            throw UsageError("serve: unexpected argument '\(parsed.positionals[0])' (see `bench serve --help`)")
        }
        let batching = parsed.has("no-batching") ? BatchingConfiguration.disabled : BatchingConfiguration(
            enabled: true, maxBatchSize: try parsed.int("max-batch-size", in: 1...4096) ?? 32,
            maxQueueDelayMicroseconds: try parsed.int("max-queue-delay-us", in: 0...10_000_000) ?? 100)
        // Missing models are built only into the default models/; a directory named by
        // --models or $BENCHKIT_MODELS must exist, or a typo would silently train new ones.
        let named = parsed.value("models") ?? ProcessInfo.processInfo.environment["BENCHKIT_MODELS"]
        let directory = named ?? ReferenceModels.defaultDirectory
        var isDirectory: ObjCBool = false
        if let named, !(FileManager.default.fileExists(atPath: named, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw UsageError("serve: model directory '\(named)' (--models or $BENCHKIT_MODELS) does not exist; pass the directory holding the .bkm files, or omit --models to use models/")
        }
        let models: [MLP]
        do {
            models = try ReferenceModels.load(directory: directory)
        } catch {
            throw BenchError.invalidContent(path: directory, detail: "cannot load the reference models (\(error)); restore models/ from git or pass --models DIR")
        }
        var configuration = ServerConfiguration(host: parsed.value("host") ?? "127.0.0.1",
                                                port: try parsed.int("port", in: 0...65535) ?? 8000,
                                                models: models, batching: batching)
        if let loops = try parsed.int("event-loops", in: 1...256) { configuration.eventLoops = loops }
        let server = ModelServer(configuration: configuration)
        do {
            try server.start()
        } catch {
            throw UsageError("serve: cannot listen on \(configuration.host):\(configuration.port) (\(error)); choose another --port or --host")
        }
        console.print("listening on http://\(configuration.host):\(server.port) (models: \(models.map(\.name).joined(separator: ", ")))")
        server.stopOnSignals()
        server.wait()
        console.note("server stopped")
        return BenchCLI.ExitCode.success
    }
}
