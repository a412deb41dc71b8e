import BenchKit
import Foundation
import Serving

/// `bench load`: drives load at any KServe v2 server (ours, Triton, MLServer, KServe) with
/// the MLPerf-LoadGen-style scenarios, measuring latency from each request's scheduled time.
enum LoadCommand: Command {
    /// The `--scenario` names.
    enum ScenarioName: String, CaseIterable, Sendable {
        case singleStream = "single-stream", server, offline, sweep, maxRate = "max-rate", maxConcurrency = "max-concurrency"
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
        case .sweep: chosen = .concurrencySweep(try LoadRanges.levels(try arguments.value(levels) ?? sweepLevels).map { Int($0) })
        case .maxRate:
            chosen = .maxRateUnderLatency(LatencyConstraint(percentile: percentile, milliseconds: bound ?? searchLatencyMilliseconds))
        case .maxConcurrency:
            let range = try LoadRanges.levels(try arguments.value(levels) ?? searchLevels).map { Int($0) }
            chosen = .maxConcurrencyUnderLatency(LatencyConstraint(percentile: percentile, milliseconds: bound ?? searchLatencyMilliseconds),
                                                 levels: range.min()!...range.max()!)
        case .server:
            let rates = try LoadRanges.rates(try arguments.value(rate))
            chosen = rates.count == 1 ? .server(rate: rates[0]) : .rateSweep(rates)
        }
        if let shard = try arguments.value(ShardPart.loadOption) {
            (chosen, configuration.seed) = try shard.splitLoad(chosen, seed: configuration.seed)
        }
        let request = try requestPlan(arguments, context: context)
        return Options(configuration: configuration, scenario: chosen, request: request, headers: try arguments.values(header).map { ($0.name, $0.value) },
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
        let json = try JSONFiles.encoded(report, for: options.output ?? "the load report")
        if let output = options.output {
            try JSONFiles.writeAtomically(json, to: output)
        }
        if let csv = options.csv {
            try JSONFiles.writeAtomically(Data(report.csv.utf8), to: csv)
        }
        context.console.print(options.format == .json ? String(decoding: json, as: UTF8.self) : report.text)
        return report.verdict == LoadReport.valid ? ExitCode.success : ExitCode.regression
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
