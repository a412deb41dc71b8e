import BenchKit
import Foundation
import Serving

/// `bench load`: drives load at any KServe v2 server (ours, Triton, MLServer, KServe) with
/// the MLPerf-LoadGen-style scenarios, measuring latency from each request's scheduled time.
enum LoadCommand: Command {
    /// The `--scenario` names.
    enum ScenarioName: String, CaseIterable, Sendable {
        case singleStream = "single-stream", server, offline, sweep, maxRate = "max-rate"
    }

    struct Options {
        /// Everything but the request, which needs the server's metadata.
        var configuration: LoadConfiguration
        var scenario: Scenario
        var request: LoadRequestPlan
        var headers: [(name: String, value: String)]
        var timeToFirstTokenMilliseconds: Double?
        var timePerOutputTokenMilliseconds: Double?
        var format: LoadFormat
        var output: String?
        var csv: String?
    }

    /// What `bench load` prints.
    enum LoadFormat: String, CaseIterable, Sendable { case text, json }

    static let target = Option.text("target", "URL", "server to load").defaulting(to: "http://127.0.0.1:8000")
    static let model = Option.text("model", "NAME", "model to infer with; inputs come from its metadata unless --input is given")
        .defaulting(to: "mlp-fp32")
    static let modelVersion = Option.text("model-version", "V", "model version: requests go to /v2/models/NAME/versions/V/...")
    static let input = Option<InputSpec>(OptionDeclaration(name: "input", valueName: "NAME:SHAPE:DATATYPE",
                                                           help: "an input of the model, e.g. input-0:1x4:FP32 (random values unless --input-data)"),
                                         ) { text in
        do { return try InputSpec(parsing: text) } catch let error as LoadGeneratorError { throw UsageError("load: \(error.message)", option: "--input", value: text) }
    }.repeated()
    static let inputData = Option.text("input-data", "FILE", "input values, perf_analyzer's JSON: {\"data\": [{\"NAME\": [values] or {\"content\": [...], \"shape\": [...]}}, ...]}")
    static let binary = Flag("binary", "send inputs as binary tensor data and ask for binary outputs (Triton's extension)")
    static let header = Option.text("header", "NAME:VALUE", "an HTTP header field sent with every request").repeated()
    static let wireProtocol = Option.choice("protocol", "NAME", among: LoadRequestPlan.WireProtocol.allCases,
                                            "kserve: Open Inference Protocol infer; openai, openai-chat: streamed /v1/completions or /v1/chat/completions, with token timing")
        .defaulting(to: LoadRequestPlan.WireProtocol.kserve)
    static let maxTokens = Option.integer("max-tokens", "N", in: 1...4096, "openai: tokens per completion").defaulting(to: 64)
    static let promptWords = Option.integer("prompt-words", "N", in: 1...100_000, "openai: words per prompt").defaulting(to: 32)
    static let ttftSLO = Option.number("slo-ttft-ms", "MS", in: 0.001...600_000, expected: "milliseconds",
                                       "openai: goodput counts answers whose time to first token is at most MS")
    static let tpotSLO = Option.number("slo-tpot-ms", "MS", in: 0.001...600_000, expected: "milliseconds",
                                       "openai: goodput counts answers whose time per output token is at most MS")
    static let scenario = Option.choice("scenario", "NAME", among: ScenarioName.allCases,
                                        "the load pattern: server is an open loop, offline a closed loop, sweep steps the concurrency, max-rate searches the rate")
        .defaulting(to: ScenarioName.server)
    static let rate = Option.text("rate", "REQ/S", "offered rate of the server scenario, or START:END:STEP for a rate sweep")
        .defaulting(to: "1000")
    static let arrival = Option.choice("arrival", "PROCESS", among: ArrivalProcess.allCases, "open-loop arrivals")
        .defaulting(to: ArrivalProcess.poisson)
    static let duration = Option.number("duration", "SECONDS", in: 0.01...86400, expected: "seconds (0.01 to 86400)",
                                        "measurement window, the minimum duration of each run")
        .defaulting(to: 10)
    static let stability = Option.number("stability", "PERCENT", in: 0.1...100, expected: "a percentage, e.g. 10",
                                         "measure --duration windows until the last 3 agree within ±PERCENT in rate and mean latency (perf_analyzer's check); INVALID if they never do")
    static let maxWindows = Option.integer("max-windows", "N", in: 3...1000, "most windows of the stability check").defaulting(to: 10)
    static let minQueries = Option.integer("min-queries", "N", in: 0...1_000_000_000,
                                           "requests each run must count to be VALID; the open-loop window is lengthened to schedule them")
        .defaulting(to: 0)
    static let warmup = Option.number("warmup", "SECONDS", in: 0...3600, expected: "seconds (0 to 3600)",
                                      "load sent before the window and not counted")
        .defaulting(to: 1)
    static let connections = Option.integer("connections", "N", in: 1...10_000, "keep-alive connections (single-stream uses 1)")
        .defaulting(to: 32)
    static let threads = Option.integer("threads", "N", in: 1...64, "client threads").defaulting(to: 1)
    static let noRealtime = Flag("no-realtime", "run open-loop client threads at normal priority (by default they ask for SCHED_FIFO 1, so their own send delay stays in microseconds on a busy machine)")
    static let levels = Option.text("levels", "LIST", "concurrency levels of the sweep: N,N,… or START:END:STEP")
        .defaulting(to: "1,4,16,64")
    static let latencyBound = Option.number("latency-ms", "MS", in: 0.001...600_000, expected: "milliseconds",
                                            "latency bound: max-rate searches the highest rate meeting it; other runs are INVALID above it")
        .defaultDescribed("5 for max-rate, none otherwise")
    static let maxRateLatencyMilliseconds = 5.0
    static let percentile = Option.number("percentile", "P", in: 0.001...99.999, expected: "a percentile between 0 and 100, e.g. 99",
                                          "percentile of the latency bound")
        .defaulting(to: 99)
    static let searchSteps = Option.integer("search-steps", "N", in: 1...30, "binary-search runs of max-rate").defaulting(to: 7)
    static let maxErrorRate = Option.number("max-error-rate", "FRACTION", in: 0...1, expected: "a fraction from 0 to 1",
                                            "error budget: a run with a larger share of failed requests is INVALID")
        .defaulting(to: 0.01)
    static let path = Option.text("path", "PATH", "send plain requests to PATH instead of infer requests (e.g. /v2/health/live)")
    static let method = Option.text("method", "METHOD", "HTTP method with --path").defaulting(to: "GET")
    static let seed = Option.integer("seed", "N", in: 0...Int.max, "seeds the inputs and the arrivals; each step of a sweep or search derives its own")
        .defaulting(to: 1)
    static let format = OutputOptions.format(among: LoadFormat.allCases, default: .text,
                                             "json prints the full report with its latency histogram")
    static let output = OutputOptions.output("also write the JSON report to PATH")
    static let csv = Option.text("csv", "PATH", "also write one CSV row per step (or for the run) to PATH")

    static let configuration = CommandConfiguration(
        name: "load",
        abstract: "drive load at a KServe v2 server: latency percentiles, achieved rate",
        usage: ["load [--target URL] [--model NAME] [--scenario NAME] [--rate REQ/S|START:END:STEP] [--duration SECONDS]"],
        discussion: """
        Load generator for KServe v2 / Open Inference Protocol servers (Triton, KServe,
        MLServer, `bench serve`), and for OpenAI-compatible streamed completions (vLLM, TGI,
        `bench serve`) with time to first token, inter-token latency, time per output token,
        tokens/s and goodput. Reports p50/p90/p99/p99.9 latency from the scheduled send
        time (no coordinated omission), service time from the actual send, the generator's
        own send delay, achieved and scheduled rates, errors by status and a verdict.
        Exit code 1 when the verdict is INVALID: more failed requests than the error budget,
        fewer than --min-queries, or latency over --latency-ms when given.
        """,
        options: [target.declaration, model.declaration, modelVersion.declaration, input.declaration, inputData.declaration,
                  binary.declaration, header.declaration, wireProtocol.declaration, maxTokens.declaration,
                  promptWords.declaration, ttftSLO.declaration, tpotSLO.declaration, scenario.declaration, rate.declaration,
                  arrival.declaration, duration.declaration, stability.declaration, maxWindows.declaration,
                  minQueries.declaration, warmup.declaration, connections.declaration, threads.declaration,
                  noRealtime.declaration, levels.declaration, latencyBound.declaration, percentile.declaration,
                  searchSteps.declaration, maxErrorRate.declaration, path.declaration, method.declaration, seed.declaration,
                  ShardPart.loadOption.declaration, format.declaration, output.declaration, csv.declaration])

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard arguments.positionals.isEmpty else {
            throw UsageError("load: unexpected argument '\(arguments.positionals[0])'", remedy: "see `bench load --help`")
        }
        let loadTarget: LoadTarget
        do {
            loadTarget = try LoadTarget(url: try arguments.value(target), model: try arguments.value(model),
                                        version: try arguments.value(modelVersion))
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError("load: --target: \(error)", option: "--target")
        }
        var configuration = LoadConfiguration(target: loadTarget)
        configuration.duration = try arguments.value(duration)
        configuration.warmup = try arguments.value(warmup)
        configuration.connections = try arguments.value(connections)
        configuration.threads = try arguments.value(threads)
        configuration.realtimeEngines = !arguments.isSet(noRealtime)
        configuration.seed = UInt64(try arguments.value(seed))
        configuration.minQueries = try arguments.value(minQueries)
        configuration.maxErrorRate = try arguments.value(maxErrorRate)
        configuration.searchSteps = try arguments.value(searchSteps)
        if let percent = try arguments.value(stability) {
            configuration.stability = Stability(percent: percent, maxWindows: try arguments.value(maxWindows))
        } else if arguments.isGiven(maxWindows.declaration) {
            throw UsageError("load: --max-windows goes with --stability PERCENT", option: "--max-windows")
        }
        configuration.arrival = try arguments.value(arrival)
        let percentile = try arguments.value(percentile)
        let bound = try arguments.value(latencyBound)
        configuration.latencyConstraint = bound.map { LatencyConstraint(percentile: percentile, milliseconds: $0) }

        var chosen: Scenario
        switch try arguments.value(scenario) {
        case .singleStream: chosen = .singleStream
        case .offline: chosen = .offline(connections: configuration.connections)
        case .sweep: chosen = .concurrencySweep(try LoadRanges.levels(try arguments.value(levels)).map { Int($0) })
        case .maxRate:
            chosen = .maxRateUnderLatency(LatencyConstraint(percentile: percentile, milliseconds: bound ?? maxRateLatencyMilliseconds))
        case .server:
            let rates = try LoadRanges.rates(try arguments.value(rate))
            chosen = rates.count == 1 ? .server(rate: rates[0]) : .rateSweep(rates)
        }
        if let shard = try arguments.value(ShardPart.loadOption) {
            (chosen, configuration.seed) = try shard.splitLoad(chosen, seed: configuration.seed)
        }
        let request = try requestPlan(arguments, context: context)
        return Options(configuration: configuration, scenario: chosen, request: request, headers: try headers(arguments),
                       timeToFirstTokenMilliseconds: try arguments.value(ttftSLO),
                       timePerOutputTokenMilliseconds: try arguments.value(tpotSLO),
                       format: try arguments.value(format), output: try arguments.value(output).map(context.resolve),
                       csv: try arguments.value(csv).map(context.resolve))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        var configuration = options.configuration
        configuration.request = try options.request.request(target: configuration.target, seed: configuration.seed,
                                                            headers: options.headers)
        if options.request.streamsTokens {
            configuration.tokenSLO = TokenSLO(timeToFirstTokenMilliseconds: options.timeToFirstTokenMilliseconds,
                                              timePerOutputTokenMilliseconds: options.timePerOutputTokenMilliseconds)
        }
        let report: LoadReport
        do {
            report = try LoadGenerator(configuration: configuration).run(options.scenario)
        } catch let error as LoadGeneratorError {
            throw UsageError("load: \(error.message)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        if let output = options.output {
            try JSONFiles.writeAtomically(Data(json.utf8), to: output)
        }
        if let csv = options.csv {
            try JSONFiles.writeAtomically(Data(report.csv.utf8), to: csv)
        }
        context.console.print(options.format == .json ? json : report.text)
        return report.verdict == LoadReport.valid ? ExitCode.success : ExitCode.regression
    }

    /// `--header NAME:VALUE` fields, checked.
    private static func headers(_ arguments: ParsedArguments) throws -> [(name: String, value: String)] {
        try arguments.values(header).map { text in
            guard let colon = text.firstIndex(of: ":"),
                  case let name = text[..<colon].trimmingCharacters(in: .whitespaces), !name.isEmpty,
                  name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0)) })
            else {
                throw UsageError("load: --header '\(text)' is not NAME:VALUE", option: "--header", value: text,
                                 remedy: "e.g. --header 'Authorization: Bearer T'")
            }
            guard !["host", "content-length", "transfer-encoding"].contains(name.lowercased()) else {
                throw UsageError("load: --header \(name) is set by bench load itself", option: "--header", value: text, remedy: "leave it out")
            }
            return (name, text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// The request options, checked against each other: OpenAI options only with
    /// `--protocol openai*`, infer options neither with those nor with `--path`.
    private static func requestPlan(_ arguments: ParsedArguments, context: CommandContext) throws -> LoadRequestPlan {
        let inferOnly = [input.declaration, inputData.declaration, binary.declaration]
        let chosen = try arguments.value(wireProtocol)
        if chosen != .kserve {
            if let misplaced = (inferOnly + [modelVersion.declaration, path.declaration]).first(where: arguments.isGiven) {
                throw UsageError("load: \(misplaced.longForm) applies to --protocol kserve, not \(chosen.rawValue)", option: misplaced.longForm)
            }
            return .completion(chat: chosen == .openaiChat, promptWords: try arguments.value(promptWords),
                               maxTokens: try arguments.value(maxTokens))
        }
        let openaiOnly = [maxTokens.declaration, promptWords.declaration, ttftSLO.declaration, tpotSLO.declaration]
        if let misplaced = openaiOnly.first(where: arguments.isGiven) {
            throw UsageError("load: \(misplaced.longForm) applies to --protocol openai or openai-chat", option: misplaced.longForm)
        }
        if let requestPath = try arguments.value(path) {
            guard requestPath.hasPrefix("/") else {
                throw UsageError("load: --path must start with '/', got '\(requestPath)'", option: "--path", value: requestPath)
            }
            if let misplaced = inferOnly.first(where: arguments.isGiven) {
                throw UsageError("load: \(misplaced.longForm) shapes infer requests and cannot go with --path", option: misplaced.longForm)
            }
            return .plain(method: try arguments.value(method), path: requestPath)
        }
        return .infer(inputs: try arguments.values(input), inputData: try arguments.value(inputData).map(context.resolve),
                      binary: arguments.isSet(binary))
    }
}
