import BenchKit
import Foundation
import Serving

/// `bench load`: drives load at any KServe v2 server (ours or another) with the
/// MLPerf-LoadGen-style scenarios, measuring latency from each request's scheduled time.
enum LoadCommand {
    static let scenarios = ["single-stream", "server", "offline", "sweep", "max-rate"]

    static let options: [OptionSpec] = [
        .value("target", "URL", "server to load (default http://127.0.0.1:8000)"),
        .value("model", "NAME", "model to infer with (default mlp-fp32); requests are built from its metadata"),
        .value("scenario", "NAME", "single-stream, server (Poisson open loop), offline, sweep or max-rate (default server)"),
        .value("rate", "REQ/S", "offered rate of the server scenario (default 1000)"),
        .value("duration", "SECONDS", "measurement window (default 10)"),
        .value("warmup", "SECONDS", "load sent before the window and not counted (default 1)"),
        .value("connections", "N", "keep-alive connections (default 32; single-stream uses 1)"),
        .value("threads", "N", "client threads (default 1)"),
        .value("levels", "N,N,…", "concurrency levels of the sweep (default 1,4,16,64)"),
        .value("p99-ms", "MS", "latency bound of max-rate: the highest rate whose p99 stays under it (default 5)"),
        .value("path", "PATH", "send plain requests to PATH instead of infer requests (e.g. /v2/health/live)"),
        .value("method", "METHOD", "HTTP method with --path (default GET)"),
        .value("seed", "N", "seeds the arrival schedule and inputs (default 1)"),
        .value("format", "FORMAT", "text (default) or json (the full report with its latency histogram)"),
        .value("output", "PATH", "also write the JSON report to PATH"),
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench load [--target URL] [--model NAME] [--scenario NAME] [--rate REQ/S] [--duration SECONDS]",
        description: """
        Load generator for KServe v2 / Open Inference Protocol servers (Triton, KServe,
        MLServer, `bench serve`). Reports p50/p90/p99/p99.9 latency from the scheduled send
        time (no coordinated omission), service latency, achieved rate and errors.
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
            target = try LoadTarget(url: parsed.value("target") ?? "http://127.0.0.1:8000", model: parsed.value("model") ?? "mlp-fp32")
        } catch {
            throw UsageError("load: --target: \(error)")
        }
        var configuration = LoadConfiguration(target: target)
        configuration.duration = try parsed.double("duration", in: 0.01...86400, what: "seconds (0.01 to 86400)") ?? 10
        configuration.warmup = try parsed.double("warmup", in: 0...3600, what: "seconds (0 to 3600)") ?? 1
        configuration.connections = try parsed.int("connections", in: 1...10_000) ?? 32
        configuration.threads = try parsed.int("threads", in: 1...64) ?? 1
        configuration.seed = UInt64(try parsed.int("seed", in: 0...Int.max) ?? 1)
        if let path = parsed.value("path") {
            guard path.hasPrefix("/") else { throw UsageError("load: --path must start with '/', got '\(path)'") }
            configuration.request = LoadRequest(method: parsed.value("method") ?? "GET", path: path)
        }
        let scenario: Scenario
        switch try parsed.choice("scenario", scenarios) ?? "server" {
        case "single-stream": scenario = .singleStream
        case "offline": scenario = .offline(connections: configuration.connections)
        case "sweep":
            let text = parsed.value("levels") ?? "1,4,16,64"
            let levels = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !levels.isEmpty, levels.count == text.split(separator: ",").count, levels.allSatisfy({ $0 >= 1 }) else {
                throw UsageError("load: --levels expects whole numbers ≥ 1 separated by commas, got '\(text)'")
            }
            scenario = .concurrencySweep(levels)
        case "max-rate":
            scenario = .maxRateUnderLatency(p99Bound: (try parsed.double("p99-ms", in: 0.001...600_000, what: "milliseconds") ?? 5) / 1000)
        default:
            scenario = .server(rate: try parsed.double("rate", in: 0.001...10_000_000, what: "requests per second") ?? 1000)
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
        if format == "json" {
            console.print(json)
        } else {
            for step in report.steps ?? [] { console.print("  " + step.summary) }
            console.print(report.summary)
        }
        return BenchCLI.ExitCode.success
    }
}
