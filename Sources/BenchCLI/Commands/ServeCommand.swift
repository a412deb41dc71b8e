import BenchKit
import Foundation
import Serving

/// `bench serve`: the reference model server (KServe v2 REST, dynamic batching) until
/// SIGINT or SIGTERM.
enum ServeCommand: Command {
    struct Options {
        var host: String
        var port: Int
        /// A model directory named by --models or $BENCHKIT_MODELS (nil: models/).
        var modelsDirectory: String?
        var batching: BatchingConfiguration
        var eventLoops: Int?
    }

    private static let defaults = ServerConfiguration(models: [])
    private static let batchingDefaults = BatchingConfiguration()

    static let host = Option.text("host", "H", "address to listen on").defaulting(to: defaults.host)
    static let port = Option.integer("port", "N", in: 0...65535, "port (8000 is the KServe v2 convention; 0 picks a free one)")
        .defaulting(to: defaults.port)
    static let models = Option.text("models", "DIR", "directory of .bkm model files").defaultDescribed("$BENCHKIT_MODELS, else models/")
    static let maxBatchSize = Option.integer("max-batch-size", "N", in: 1...4096, "largest batch the dynamic batcher forms")
        .defaulting(to: batchingDefaults.maxBatchSize)
    static let maxQueueDelay = Option.integer("max-queue-delay-us", "N", in: 0...10_000_000,
                                              "longest a request waits for a batch to fill, µs")
        .defaulting(to: batchingDefaults.maxQueueDelayMicroseconds)
    static let eventLoops = Option.integer("event-loops", "N", in: 1...256, "event-loop threads").defaultDescribed("one per core")
    static let noBatching = Flag("no-batching", "run each request on its own")

    static let configuration = CommandConfiguration(
        name: "serve",
        abstract: "run the reference model server (KServe v2 REST)",
        usage: ["serve [--host H] [--port N] [--max-batch-size N] [--max-queue-delay-us N] [--no-batching]"],
        discussion: """
        Serves the reference MLP variants (mlp-fp32, mlp-int8, mlp-pruned) over HTTP/1.1 with
        keep-alive: GET /v2/health/live, /v2/health/ready, /v2, /v2/models/{name},
        /v2/models/{name}/ready, /v2/models/{name}/config, /v2/models/{name}/stats,
        /v2/models/stats; POST /v2/models/{name}/infer (JSON or Triton's binary tensor
        data), /v2/repository/index; versioned routes /v2/models/{name}/versions/{v}/...;
        POST /v1/completions, /v1/chat/completions (OpenAI-compatible, streamed with
        "stream": true, from a small token generator); GET /metrics (Prometheus text 0.0.4, or OpenMetrics 1.0.0
        when the Accept header asks for it).
        Prints "listening on http://HOST:PORT" once ready.
        """,
        options: [host.declaration, port.declaration, models.declaration, maxBatchSize.declaration, maxQueueDelay.declaration,
                  eventLoops.declaration, noBatching.declaration])

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard arguments.positionals.isEmpty else {
            throw UsageError("serve: unexpected argument '\(arguments.positionals[0])'", remedy: "see `bench serve --help`")
        }
        let batching = arguments.isSet(noBatching) ? BatchingConfiguration.disabled : BatchingConfiguration(
            enabled: true, maxBatchSize: try arguments.value(maxBatchSize),
            maxQueueDelayMicroseconds: try arguments.value(maxQueueDelay))
        return Options(host: try arguments.value(host), port: try arguments.value(port),
                       modelsDirectory: (try arguments.value(models) ?? context.environment["BENCHKIT_MODELS"]).map(context.resolve),
                       batching: batching, eventLoops: try arguments.value(eventLoops))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        // Missing models are built only into the default models/; a directory named by
        // --models or $BENCHKIT_MODELS must exist, or a typo would silently train new ones.
        let directory = options.modelsDirectory ?? context.resolve(ReferenceModels.defaultDirectory)
        var isDirectory: ObjCBool = false
        if let named = options.modelsDirectory,
           !(FileManager.default.fileExists(atPath: named, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw UsageError("serve: model directory '\(named)' (--models or $BENCHKIT_MODELS) does not exist", option: "--models",
                             value: named, remedy: "pass the directory holding the .bkm files, or omit --models to use models/")
        }
        let models: [MLP]
        do {
            models = try ReferenceModels.load(directory: directory)
        } catch {
            throw BenchError.invalidContent(path: directory, detail: "cannot load the reference models (\(error)); restore models/ from git or pass --models DIR")
        }
        var configuration = ServerConfiguration(host: options.host, port: options.port, models: models, batching: options.batching)
        if let loops = options.eventLoops { configuration.eventLoops = loops }
        let server = ModelServer(configuration: configuration)
        do {
            try server.start()
        } catch {
            throw UsageError("serve: cannot listen on \(configuration.host):\(configuration.port) (\(error))",
                             remedy: "choose another --port or --host")
        }
        context.console.print("listening on http://\(configuration.host):\(server.port) (models: \(models.map(\.name).joined(separator: ", ")))")
        server.stopOnSignals()
        server.wait()
        context.console.note("server stopped")
        return ExitCode.success
    }
}
