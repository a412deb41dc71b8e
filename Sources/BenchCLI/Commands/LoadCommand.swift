import BenchKit
import Foundation
import Serving

/// `bench load`: drives load at any KServe v2 server (ours, Triton, MLServer, KServe) with
/// the MLPerf-LoadGen-style scenarios, measuring latency from each request's scheduled time.
enum LoadCommand {
    static let scenarios = ["single-stream", "server", "offline", "sweep", "max-rate", "max-concurrency"]

    static let options: [OptionSpec] = [
        .value("target", "URL", "server to load (default http://127.0.0.1:8000)"),
        .value("model", "NAME", "model to infer with (default mlp-fp32); inputs come from its metadata unless --input is given"),
        .value("model-version", "V", "model version: requests go to /v2/models/NAME/versions/V/..."),
        .values("input", "NAME:SHAPE:DATATYPE", "an input of the model, e.g. input-0:1x4:FP32 (repeatable; random values unless --input-data)"),
        .value("input-data", "FILE", "input values, perf_analyzer's JSON: {\"data\": [{\"NAME\": [values] or {\"content\": [...], \"shape\": [...]}}, ...]}"),
        .flag("binary", "send inputs as binary tensor data and ask for binary outputs (Triton's extension)"),
        .values("header", "NAME:VALUE", "an HTTP header field sent with every request (repeatable)"),
        .value("protocol", "NAME", "kserve (default: Open Inference Protocol infer), openai or openai-chat (streamed /v1/completions or /v1/chat/completions, with token timing)"),
        .value("max-tokens", "N", "openai: tokens per completion (default 64)"),
        .value("prompt-words", "N", "openai: words per prompt (default 32)"),
        .value("slo-ttft-ms", "MS", "openai: goodput counts answers whose time to first token is at most MS"),
        .value("slo-tpot-ms", "MS", "openai: goodput counts answers whose time per output token is at most MS"),
        .value("scenario", "NAME", "single-stream, server (open loop), offline (closed loop), sweep (concurrency), max-rate or max-concurrency (default server)"),
        .value("rate", "REQ/S", "offered rate of the server scenario (default 1000), or START:END:STEP for a rate sweep"),
        .value("arrival", "PROCESS", "open-loop arrivals: poisson (default) or constant"),
        .value("duration", "SECONDS", "measurement window, the minimum duration of each run (default 10)"),
        .value("stability", "PERCENT", "measure --duration windows until the last 3 agree within ±PERCENT in rate and mean latency (perf_analyzer's check); INVALID if they never do"),
        .value("max-windows", "N", "most windows of the stability check (default 10)"),
        .value("min-queries", "N", "requests each run must count to be VALID; the open-loop window is lengthened to schedule them (default 0)"),
        .value("warmup", "SECONDS", "load sent before the window and not counted (default 1)"),
        .value("connections", "N", "keep-alive connections (default 32; single-stream uses 1)"),
        .value("threads", "N", "client threads (default 1)"),
        .flag("no-realtime", "run open-loop client threads at normal priority (by default they ask for SCHED_FIFO 1, so their own send delay stays in microseconds on a busy machine)"),
        .value("levels", "LIST", "concurrency levels of the sweep: N,N,… or START:END:STEP (default 1,4,16,64); max-concurrency searches from the lowest to the highest (default 1:128:1)"),
        .value("latency-ms", "MS", "latency bound: max-rate and max-concurrency search the highest rate or concurrency meeting it (default 5); other runs are INVALID above it"),
        .value("percentile", "P", "percentile of the latency bound (default 99)"),
        .value("search-steps", "N", "binary-search runs of max-rate, most bisection runs of max-concurrency (default 7)"),
        .value("max-error-rate", "FRACTION", "error budget: a run with a larger share of failed requests is INVALID (default 0.01)"),
        .value("path", "PATH", "send plain requests to PATH instead of infer requests (e.g. /v2/health/live)"),
        .value("method", "METHOD", "HTTP method with --path (default GET)"),
        .value("seed", "N", "seeds the inputs and the arrivals; each step of a sweep or search derives its own (default 1)"),
        ShardOption.loadSpec,
        .value("format", "FORMAT", "text (default) or json (the full report with its latency histogram)"),
        .value("output", "PATH", "also write the JSON report to PATH"),
        .value("csv", "PATH", "also write one CSV row per step (or for the run) to PATH"),
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench load [--target URL] [--model NAME] [--scenario NAME] [--rate REQ/S|START:END:STEP] [--duration SECONDS]",
        description: """
        Load generator for KServe v2 / Open Inference Protocol servers (Triton, KServe,
        MLServer, `bench serve`), and for OpenAI-compatible streamed completions (vLLM, TGI,
        `bench serve`) with time to first token, inter-token latency, time per output token,
        tokens/s and goodput. Reports p50/p90/p99/p99.9 latency from the scheduled send
        time (no coordinated omission), service time from the actual send, the generator's
        own send delay, achieved and scheduled rates, errors by status and a verdict.
        Exit code 1 when the verdict is INVALID: more failed requests than the error budget,
        fewer than --min-queries, or latency over --latency-ms when given.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "load")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard parsed.positionals.isEmpty else {
            throw UsageError("load: unexpected argument '\(parsed.positionals[0])' (see `bench load --help`)")
        }
        let format = try parsed.choice("format", ["text", "json"]) ?? "text"
        let target: LoadTarget
        do {
            target = try LoadTarget(url: parsed.value("target") ?? "http://127.0.0.1:8000", model: parsed.value("model") ?? "mlp-fp32",
                                    version: parsed.value("model-version"))
        } catch {
            throw UsageError("load: --target: \(error)")
        }
        var configuration = LoadConfiguration(target: target)
        configuration.duration = try parsed.double("duration", in: 0.01...86400, what: "seconds (0.01 to 86400)") ?? 10
        configuration.warmup = try parsed.double("warmup", in: 0...3600, what: "seconds (0 to 3600)") ?? 1
        configuration.connections = try parsed.int("connections", in: 1...10_000) ?? 32
        configuration.threads = try parsed.int("threads", in: 1...64) ?? 1
        configuration.realtimeEngines = !parsed.has("no-realtime")
        configuration.seed = UInt64(try parsed.int("seed", in: 0...Int.max) ?? 1)
        configuration.minQueries = try parsed.int("min-queries", in: 0...1_000_000_000) ?? 0
        configuration.maxErrorRate = try parsed.double("max-error-rate", in: 0...1, what: "a fraction from 0 to 1") ?? 0.01
        configuration.searchSteps = try parsed.int("search-steps", in: 1...30) ?? 7
        if let percent = try parsed.double("stability", in: 0.1...100, what: "a percentage, e.g. 10") {
            configuration.stability = Stability(percent: percent, maxWindows: try parsed.int("max-windows", in: 3...1000) ?? 10)
        } else if parsed.value("max-windows") != nil {
            throw UsageError("load: --max-windows goes with --stability PERCENT")
        }
        configuration.arrival = try parsed.choice("arrival", ArrivalProcess.allCases.map(\.rawValue)).flatMap(ArrivalProcess.init) ?? .poisson
        let percentile = try parsed.double("percentile", in: 0.001...99.999, what: "a percentile between 0 and 100, e.g. 99") ?? 99
        let bound = try parsed.double("latency-ms", in: 0.001...600_000, what: "milliseconds")
        configuration.latencyConstraint = bound.map { LatencyConstraint(percentile: percentile, milliseconds: $0) }

        var scenario: Scenario
        switch try parsed.choice("scenario", scenarios) ?? "server" {
        case "single-stream": scenario = .singleStream
        case "offline": scenario = .offline(connections: configuration.connections)
        case "sweep":
            let text = parsed.value("levels") ?? "1,4,16,64"
            scenario = .concurrencySweep(try LoadRanges.levels(text).map { Int($0) })
        case "max-rate":
            scenario = .maxRateUnderLatency(LatencyConstraint(percentile: percentile, milliseconds: bound ?? 5))
        case "max-concurrency":
            let levels = try LoadRanges.levels(parsed.value("levels") ?? "1:128:1").map { Int($0) }
            scenario = .maxConcurrencyUnderLatency(LatencyConstraint(percentile: percentile, milliseconds: bound ?? 5),
                                                   levels: levels.min()!...levels.max()!)
        default:
            let rates = try LoadRanges.rates(parsed.value("rate") ?? "1000")
            scenario = rates.count == 1 ? .server(rate: rates[0]) : .rateSweep(rates)
        }
        (scenario, configuration.seed) = try ShardOption.splitLoad(scenario, seed: configuration.seed, parsed: parsed)
        configuration.request = try request(parsed, target: target, seed: configuration.seed)
        if configuration.request?.streamsTokens == true {
            configuration.tokenSLO = TokenSLO(
                timeToFirstTokenMilliseconds: try parsed.double("slo-ttft-ms", in: 0.001...600_000, what: "milliseconds"),
                timePerOutputTokenMilliseconds: try parsed.double("slo-tpot-ms", in: 0.001...600_000, what: "milliseconds"))
        }
        let report: LoadReport
        do {
            report = try LoadGenerator(configuration: configuration).run(scenario)
        } catch let error as LoadGeneratorError {
            throw UsageError("load: \(error.message)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        if let output = parsed.value("output") {
            try JSONFiles.writeAtomically(Data(json.utf8), to: output)
        }
        if let csv = parsed.value("csv") {
            try JSONFiles.writeAtomically(Data(report.csv.utf8), to: csv)
        }
        console.print(format == "json" ? json : report.text)
        return report.verdict == LoadReport.valid ? BenchCLI.ExitCode.success : 1
    }

    /// The request to send: plain (`--path`), or infer requests from `--input`/metadata and
    /// `--input-data`, with `--header` fields.
    private static func request(_ parsed: ParsedArguments, target: LoadTarget, seed: UInt64) throws -> LoadRequest {
        let headers = try parsed.values("header").map { (text) throws -> (name: String, value: String) in
            guard let colon = text.firstIndex(of: ":"),
                  case let name = text[..<colon].trimmingCharacters(in: .whitespaces), !name.isEmpty,
                  name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0)) })
            else { throw UsageError("load: --header '\(text)' is not NAME:VALUE (e.g. --header 'Authorization: Bearer T')") }
            guard !["host", "content-length", "transfer-encoding"].contains(name.lowercased()) else {
                throw UsageError("load: --header \(name) is set by bench load itself; leave it out")
            }
            return (name, text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var request: LoadRequest
        do {
            let proto = try parsed.choice("protocol", ["kserve", "openai", "openai-chat"]) ?? "kserve"
            if proto != "kserve" {
                if let kserveOnly = ["input", "input-data", "binary", "model-version", "path"].first(where: {
                    parsed.has($0) || parsed.value($0) != nil || !parsed.values($0).isEmpty
                }) {
                    throw UsageError("load: --\(kserveOnly) applies to --protocol kserve, not \(proto)")
                }
                request = LoadRequest.completion(target: target, chat: proto == "openai-chat",
                                                 promptWords: try parsed.int("prompt-words", in: 1...100_000) ?? 32,
                                                 maxTokens: try parsed.int("max-tokens", in: 1...4096) ?? 64, seed: seed)
            } else if let openaiOnly = ["max-tokens", "prompt-words", "slo-ttft-ms", "slo-tpot-ms"].first(where: { parsed.value($0) != nil }) {
                throw UsageError("load: --\(openaiOnly) applies to --protocol openai or openai-chat")
            } else if let path = parsed.value("path") {
                guard path.hasPrefix("/") else { throw UsageError("load: --path must start with '/', got '\(path)'") }
                if let inferOnly = ["input", "input-data", "binary"].first(where: { parsed.has($0) || parsed.value($0) != nil || !parsed.values($0).isEmpty }) {
                    throw UsageError("load: --\(inferOnly) shapes infer requests and cannot go with --path")
                }
                request = LoadRequest(method: parsed.value("method") ?? "GET", path: path)
            } else {
                let given = try parsed.values("input").map { (text) throws(LoadGeneratorError) in try InputSpec(parsing: text) }
                let specs = given.isEmpty ? try target.inputSpecs(headers: headers) : given
                let binary = parsed.has("binary")
                if let file = parsed.value("input-data") {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw UsageError("load: --input-data \(file): cannot read the file; check the path")
                    }
                    let payloads = try InputDataFile.parse(Array(data), specs: specs, path: file)
                    request = try LoadRequest.infer(target: target, payloads: payloads, binary: binary)
                } else {
                    request = try LoadRequest.infer(target: target, inputs: specs, seed: seed, binary: binary)
                }
            }
        } catch let error as LoadGeneratorError {
            throw UsageError("load: \(error.message)")
        }
        request.headers = headers
        return request
    }
}
