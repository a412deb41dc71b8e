import Foundation
import Synchronization

/// The KServe v2 / Open Inference Protocol REST API (plus Triton's repository index and
/// Prometheus metrics) over a set of models, each behind a dynamic batcher or run inline.
public final class InferenceService: HTTPHandler {
    private struct Entry: Sendable {
        let model: any ServableModel
        let batcher: DynamicBatcher?
        let maxRows: Int
        let statistics: ModelStatistics
    }

    public let serverName: String
    public let serverVersion: String
    public let metrics: ServerMetrics
    private let entries: [String: Entry]
    private let modelOrder: [String]
    private let batching: BatchingConfiguration
    private let completions = CompletionService()
    private let accepting = Atomic<Bool>(true)

    /// - Parameter batchDriver: `.caller` (the default) runs batches on the HTTP event loops
    ///   through `poll(now:)`; `.ownThread` gives each model a batching thread.
    public init(models: [any ServableModel], batching: BatchingConfiguration, metrics: ServerMetrics = ServerMetrics(),
                serverName: String = "benchkit", serverVersion: String = "1.0", batchDriver: BatchDriver = .caller) {
        self.metrics = metrics
        self.serverName = serverName
        self.serverVersion = serverVersion
        self.batching = batching
        var entries: [String: Entry] = [:]
        for model in models {
            let name = model.name
            let statistics = ModelStatistics()
            let batcher: DynamicBatcher? = batching.enabled
                ? DynamicBatcher(configuration: batching, inputWidth: model.featureCount, outputWidth: model.classCount,
                                 driver: batchDriver, onBatch: { metrics.recordBatch(model: name, rows: $0.rows) },
                                 execute: { input, rows in statistics.execute(rows: rows) { model.probabilities(input, rows: rows) } })
                : nil
            entries[name] = Entry(model: model, batcher: batcher, maxRows: max(1, batching.maxBatchSize), statistics: statistics)
        }
        self.entries = entries
        self.modelOrder = models.map(\.name)
    }

    /// Makes `/v2/health/ready` answer 503 (shutdown has begun).
    public func markNotReady() { accepting.store(false, ordering: .relaxed) }

    /// Marks the server not ready and drains the batchers.
    public func shutdown() {
        markNotReady()
        for entry in entries.values { entry.batcher?.stop() }
    }

    /// Runs the batches that are due; the event loops call this after each round of events.
    public func poll(now: UInt64) -> UInt64? {
        var next: UInt64? = completions.poll(now: now)
        for name in modelOrder {
            if let due = entries[name]?.batcher?.runDue(now: now) { next = min(next ?? due, due) }
        }
        return next
    }

    public func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let start = monotonicNanos()
        let (endpoint, action) = route(request)
        let finish: @Sendable (HTTPResponse) -> Void = { [metrics] response in
            metrics.recordRequest(endpoint: endpoint, status: response.status.code,
                                  seconds: Double(elapsed(since: start)) / 1e9)
            responder.send(response)
        }
        switch action {
        case .respond(let response): finish(response)
        case .complete(let chat):
            let record: @Sendable (HTTPStatus) -> Void = { [metrics] status in
                metrics.recordRequest(endpoint: endpoint, status: status.code, seconds: Double(elapsed(since: start)) / 1e9)
            }
            if let refused = completions.start(request.body, chat: chat, responder: responder, done: record) { finish(refused) }
        case .infer(let entry):
            infer(request, entry: entry) { response in
                let nanos = elapsed(since: start)
                if response.status == .ok {
                    entry.statistics.recordSuccess(totalNanos: nanos)
                } else {
                    entry.statistics.recordFailure(totalNanos: nanos)
                }
                finish(response)
            }
        }
    }

    private enum Action {
        case respond(HTTPResponse)
        case infer(Entry)
        /// An OpenAI-compatible completion (chat or text).
        case complete(chat: Bool)
    }

    private func route(_ request: HTTPRequest) -> (String, Action) {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let method = request.method == "HEAD" ? "GET" : request.method
        func only(_ allowed: String, _ endpoint: String, _ make: () -> Action) -> (String, Action) {
            guard method == allowed else {
                var response = HTTPResponse.error(.methodNotAllowed, "\(request.method) is not allowed on \(request.path); use \(allowed)")
                response.headers.append(("Allow", allowed == "GET" ? "GET, HEAD" : allowed))
                return (endpoint, .respond(response))
            }
            return (endpoint, make())
        }
        if parts == ["v1", "completions"] || parts == ["v1", "chat", "completions"] {
            let chat = parts.count == 3
            return only("POST", chat ? "chat_completions" : "completions") { .complete(chat: chat) }
        }
        if parts == ["metrics"] {
            return only("GET", "metrics") {
                let format = ExpositionFormat.negotiated(accept: request.headers["accept"])
                return .respond(HTTPResponse(status: .ok, headers: [("Content-Type", format.contentType), ("Vary", "Accept")],
                                             body: Array(metrics.render(format).utf8)))
            }
        }
        switch parts.first == "v2" ? Array(parts.dropFirst()) : ["(not v2)"] {
        case []:
            return only("GET", "server_metadata") { .respond(serverMetadata()) }
        case ["health", "live"]:
            return only("GET", "health_live") { .respond(.json(.ok, Array("{\"live\":true}".utf8))) }
        case ["health", "ready"]:
            return only("GET", "health_ready") {
                accepting.load(ordering: .relaxed)
                    ? .respond(.json(.ok, Array("{\"ready\":true}".utf8)))
                    : .respond(.json(.serviceUnavailable, Array("{\"ready\":false}".utf8)))
            }
        case ["repository", "index"]:
            return only("POST", "repository_index") { .respond(repositoryIndex()) }
        case ["models", "stats"]:
            return only("GET", "model_stats") {
                .respond(statistics(modelOrder.compactMap { entries[$0] }))
            }
        default:
            break
        }
        // /v2/models/{name}[/versions/{version}][/ready|/infer|/config|/stats]
        guard parts.count >= 3, parts[0] == "v2", parts[1] == "models", !parts[2].isEmpty else {
            return ("other", .respond(.error(.notFound, "no route for \(request.method) \(request.path)")))
        }
        let name = percentDecoded(parts[2])
        var rest = Array(parts.dropFirst(3))
        var version: String? = nil
        if rest.count >= 2 && rest[0] == "versions" {
            version = percentDecoded(rest[1])
            rest.removeFirst(2)
        }
        let endpoint: String
        switch rest {
        case []: endpoint = "model_metadata"
        case ["ready"]: endpoint = "model_ready"
        case ["infer"]: endpoint = "infer"
        case ["config"]: endpoint = "model_config"
        case ["stats"]: endpoint = "model_stats"
        default: return ("other", .respond(.error(.notFound, "no route for \(request.method) \(request.path)")))
        }
        guard let entry = entries[name] else {
            return (endpoint, .respond(.error(.notFound, "unknown model '\(name)'")))
        }
        if let version, version != entry.model.version {
            return (endpoint, .respond(.error(.notFound, "unknown version '\(version)' of model '\(name)'")))
        }
        switch endpoint {
        case "model_metadata": return only("GET", endpoint) { .respond(modelMetadata(entry.model)) }
        case "model_ready":
            return only("GET", endpoint) {
                var w = JSONWriter()
                w.raw("{\"name\":")
                w.string(name)
                w.raw(",\"ready\":true}")
                return .respond(.json(.ok, w.bytes))
            }
        case "model_config":
            return only("GET", endpoint) {
                .respond(.json(.ok, JSONWriter.encode(ModelConfiguration.json(
                    model: entry.model, maxBatchSize: entry.maxRows, batching: entry.batcher == nil ? nil : batching))))
            }
        case "model_stats": return only("GET", endpoint) { .respond(statistics([entry])) }
        default: return only("POST", endpoint) { .infer(entry) }
        }
    }

    private func infer(_ request: HTTPRequest, entry: Entry, finish: @escaping @Sendable (HTTPResponse) -> Void) {
        let decoded: InferRequest
        do {
            decoded = try InferRequestDecoder.decode(request.body, headerLength: request.headers[BinaryTensorData.headerName],
                                                     for: entry.model, maxRows: entry.maxRows)
        } catch {
            return finish(.error(error.status, error.message))
        }
        let model = entry.model
        let respond: @Sendable (ArraySlice<Float>) -> Void = { output in
            let (body, headerLength) = InferResponseEncoder.encode(
                model: model, id: decoded.id, rows: decoded.rows, probabilities: output,
                requestedOutputs: decoded.requestedOutputs, binaryOutputs: decoded.binaryOutputs)
            guard let headerLength else { return finish(.json(.ok, body)) }
            finish(HTTPResponse(status: .ok, headers: [("Content-Type", "application/octet-stream"),
                                                       (BinaryTensorData.headerName, String(headerLength))], body: body))
        }
        if let batcher = entry.batcher {
            if !batcher.submit(decoded.input, rows: decoded.rows, completion: respond) {
                finish(.error(.serviceUnavailable, "the server is shutting down"))
            }
        } else {
            metrics.recordBatch(model: model.name, rows: decoded.rows)
            respond(entry.statistics.execute(rows: decoded.rows) { model.probabilities(decoded.input, rows: decoded.rows) }[...])
        }
    }

    private func serverMetadata() -> HTTPResponse {
        var w = JSONWriter()
        w.raw("{\"name\":")
        w.string(serverName)
        w.raw(",\"version\":")
        w.string(serverVersion)
        w.raw(",\"extensions\":[\"model_repository\",\"metrics\",\"binary_tensor_data\",\"statistics\",\"model_configuration\"]}")
        return .json(.ok, w.bytes)
    }

    private func modelMetadata(_ model: any ServableModel) -> HTTPResponse {
        func tensors(_ list: [TensorMetadata]) -> JSONValue {
            .array(list.map { t in
                .object([JSONMember("name", .string(t.name)), JSONMember("datatype", .string(t.datatype)),
                         JSONMember("shape", .array(t.shape.map { .integer(Int64($0)) }))])
            })
        }
        let value = JSONValue.object([
            JSONMember("name", .string(model.name)),
            JSONMember("versions", .array([.string(model.version)])),
            JSONMember("platform", .string("benchkit_mlp")),
            JSONMember("inputs", tensors(model.inputs)),
            JSONMember("outputs", tensors(model.outputs)),
        ])
        return .json(.ok, JSONWriter.encode(value))
    }

    private func statistics(_ list: [Entry]) -> HTTPResponse {
        let stats = list.map { $0.statistics.json(model: $0.model.name, version: $0.model.version) }
        return .json(.ok, JSONWriter.encode(.object([JSONMember("model_stats", .array(stats))])))
    }

    private func repositoryIndex() -> HTTPResponse {
        let state = accepting.load(ordering: .relaxed) ? "READY" : "UNAVAILABLE"
        let value = JSONValue.array(modelOrder.compactMap { entries[$0] }.map { entry in
            .object([JSONMember("name", .string(entry.model.name)), JSONMember("version", .string(entry.model.version)),
                     JSONMember("state", .string(state))])
        })
        return .json(.ok, JSONWriter.encode(value))
    }

    private func percentDecoded(_ s: String) -> String { s.removingPercentEncoding ?? s }
}
