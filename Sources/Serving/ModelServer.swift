import Dispatch
import Foundation

/// Everything the reference server needs: where to listen, what to serve, how to batch.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; read the bound one from `ModelServer.port`.
    public var port: Int
    public var models: [any ServableModel]
    public var batching: BatchingConfiguration
    /// Event-loop threads; defaults to the number of cores.
    public var eventLoops: Int
    public var limits: HTTPLimits

    public init(host: String = "127.0.0.1", port: Int = 8000, models: [any ServableModel],
                batching: BatchingConfiguration = BatchingConfiguration(),
                eventLoops: Int = ProcessInfo.processInfo.activeProcessorCount, limits: HTTPLimits = HTTPLimits()) {
        self.host = host
        self.port = port
        self.models = models
        self.batching = batching
        self.eventLoops = eventLoops
        self.limits = limits
    }

    /// The reference models (`variants`, by default all) loaded from `modelDirectory`, or
    /// built there when missing (see `ReferenceModels.load`).
    public static func reference(host: String = "127.0.0.1", port: Int = 8000,
                                 batching: BatchingConfiguration = BatchingConfiguration(),
                                 variants: [ModelVariant] = ModelVariant.allCases,
                                 modelDirectory: String = ReferenceModels.defaultDirectory) throws -> ServerConfiguration {
        ServerConfiguration(host: host, port: port, models: try ReferenceModels.load(variants, directory: modelDirectory),
                            batching: batching)
    }
}

/// The reference model server: KServe v2 REST over HTTP/1.1 with dynamic batching.
public final class ModelServer: @unchecked Sendable {
    public let configuration: ServerConfiguration
    public let service: InferenceService
    private let http: HTTPServer
    private var signalSources: [any DispatchSourceSignal] = []

    public init(configuration: ServerConfiguration) {
        self.configuration = configuration
        service = InferenceService(models: configuration.models, batching: configuration.batching)
        http = HTTPServer(host: configuration.host, port: configuration.port, handler: service,
                          limits: configuration.limits, eventLoops: configuration.eventLoops)
    }

    /// The bound port (valid after `start()`).
    public var port: Int { http.port }
    public var metrics: ServerMetrics { service.metrics }

    /// Binds and starts serving in background threads. On failure (e.g. the port is taken)
    /// the batchers are stopped too, so nothing is left running.
    public func start() throws {
        do {
            try http.start()
        } catch {
            service.shutdown()
            throw error
        }
    }

    /// Stops accepting and answers every request already taken: the batchers stop first
    /// and run what they hold at once (whatever its queue delay), so a request waiting
    /// in a batch gets its answer and one parsed later gets 503; then the connections
    /// drain (at most 2 s). Thread-safe; may be called from a signal-handling DispatchSource.
    public func stop() {
        service.shutdown()
        http.stop()
    }

    /// Blocks until the server has stopped, then drains the batchers.
    public func wait() {
        http.wait()
        service.shutdown()
    }

    /// From now on SIGINT and SIGTERM stop the server (cleanly, via `stop()`) instead of
    /// killing the process.
    public func stopOnSignals() {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        signalSources = [SIGINT, SIGTERM].map { sig in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            return source
        }
    }

    /// Starts, serves until SIGINT or SIGTERM, then shuts down cleanly.
    public func runUntilSignalled() throws {
        try start()
        stopOnSignals()
        wait()
    }
}

/// Runs the reference server with `configuration` until SIGINT/SIGTERM.
public func runServer(configuration: ServerConfiguration) throws {
    try ModelServer(configuration: configuration).runUntilSignalled()
}
