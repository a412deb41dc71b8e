// Measurement harness for scripts/serving/measure.sh: a thin command line over the
// Serving library (`serve`, `load`), built by the script in a temporary package so the
// measurements do not depend on the `bench` CLI. Not part of the product.
import Foundation
import Serving

func option(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    if let i = args.firstIndex(of: "--" + name), i + 1 < args.count { return args[i + 1] }
    return fallback
}

func flag(_ name: String) -> Bool { CommandLine.arguments.contains("--" + name) }

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

let command = CommandLine.arguments.dropFirst().first ?? ""
do {
    switch command {
    case "serve":
        let batching = flag("no-batching") ? BatchingConfiguration.disabled
            : BatchingConfiguration(enabled: true, maxBatchSize: Int(option("max-batch", "32")) ?? 32,
                                    maxQueueDelayMicroseconds: Int(option("delay-us", "100")) ?? 100)
        var config = try ServerConfiguration.reference(host: option("host", "127.0.0.1"), port: Int(option("port", "8000")) ?? 8000,
                                                       batching: batching)
        if let loops = Int(option("loops", "")) { config.eventLoops = loops }
        try runServer(configuration: config)
    case "load":
        let target = try LoadTarget(url: option("target", "http://127.0.0.1:8000"), model: option("model", "mlp-fp32"))
        var config = LoadConfiguration(target: target)
        config.duration = Double(option("duration", "10")) ?? 10
        config.warmup = Double(option("warmup", "1")) ?? 1
        config.connections = Int(option("connections", "32")) ?? 32
        config.threads = Int(option("threads", "1")) ?? 1
        config.seed = UInt64(option("seed", "1")) ?? 1
        let path = option("path", "")
        if !path.isEmpty { config.request = LoadRequest(method: option("method", "GET"), path: path) }
        let scenario: Scenario
        switch option("scenario", "server") {
        case "single-stream": scenario = .singleStream
        case "server": scenario = .server(rate: Double(option("rate", "1000")) ?? 1000)
        case "offline": scenario = .offline(connections: config.connections)
        case "sweep": scenario = .concurrencySweep(option("levels", "1,4,16,64").split(separator: ",").compactMap { Int($0) })
        case "max-rate": scenario = .maxRateUnderLatency(p99Bound: (Double(option("p99-ms", "5")) ?? 5) / 1000)
        default: fail("unknown --scenario; use single-stream, server, offline, sweep or max-rate")
        }
        let report = try LoadGenerator(configuration: config).run(scenario)
        let out = option("json", "")
        if !out.isEmpty {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: out))
        }
        func line(_ r: LoadReport) -> String {
            String(format: "%@ conns=%d rate=%.0f errors=%d p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f svc_p50=%.3f svc_p99=%.3f senddelay_p99=%.3f",
                   r.scenario, r.connections, r.achievedRate, r.errors, r.latency.p50, r.latency.p90, r.latency.p99,
                   r.latency.p999, r.latency.max, r.serviceLatency.p50, r.serviceLatency.p99, r.sendDelay.p99)
                + (r.targetRate.map { String(format: " target=%.0f", $0) } ?? "")
        }
        for step in report.steps ?? [] { print("  step " + line(step)) }
        print(line(report) + (report.maxRateUnderBound.map { String(format: " max_rate_under_bound=%.0f", $0) } ?? ""))
    case "quality":
        for model in try ReferenceModels.load() {
            let q = ReferenceModels.evaluate(model)
            print(String(format: "%@ accuracy=%.4f macro_f1=%.4f sparsity=%.3f", model.name, q.accuracy, q.macroF1, model.sparsity))
        }
    default:
        fail("usage: harness serve|load|quality [--options]")
    }
} catch {
    fail("error: \(error)")
}
