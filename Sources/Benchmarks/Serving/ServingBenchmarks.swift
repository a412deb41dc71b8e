import BenchKit
import Foundation
import Serving

/// End-to-end serving over real sockets: the reference server in its own process, the
/// load generator in this one. Each process repetition starts a fresh server and
/// records one value per metric (latency percentiles from each request's scheduled send
/// time, achieved rate), so process repetitions are the samples the gate compares.
/// `serving/model` times the model in-process and records its accuracy and macro-F1.
enum ServingBenchmarks {
    static let models = ModelVariant.allCases.map(ReferenceModels.name)

    static let load = Benchmark("serving/load", summary: "KServe v2 infer requests against the reference server over loopback",
                                parameters: [
                                    ParameterSpec("model", .string, default: .string("mlp-fp32"), choices: models),
                                    ParameterSpec("scenario", .string, default: .string("server"), choices: ["single-stream", "server", "offline"]),
                                    ParameterSpec("rate", .double, default: .double(2000), range: 1...1e6, summary: "offered Poisson rate of the server scenario, req/s"),
                                    ParameterSpec("batching", .string, default: .string("on"), choices: ["on", "off"]),
                                    ParameterSpec("connections", .int, default: .int(16), range: 1...4096),
                                ]) { parameters in
        let model = try parameters.string("model")
        let scenarioName = try parameters.string("scenario")
        let connections = try parameters.int("connections")
        let scenario: Scenario
        switch scenarioName {
        case "single-stream": scenario = .singleStream
        case "offline": scenario = .offline(connections: connections)
        default: scenario = .server(rate: try parameters.double("rate"))
        }
        let server = try ServerProcess(arguments: try parameters.string("batching") == "on" ? [] : ["--no-batching"])
        return Workload { budget in
            var configuration = LoadConfiguration(target: LoadTarget(host: "127.0.0.1", port: server.port, model: model))
            configuration.connections = connections
            configuration.warmup = min(0.5, budget / 4)
            configuration.duration = max(budget, 0.2)
            let report = try LoadGenerator(configuration: configuration).run(scenario)
            guard report.requests > 0 else {
                throw BenchError.setUpFailed(benchmark: "serving/load", detail: "no successful request (\(report.errors) errors: \(report.errorSamples.first ?? "-"))")
            }
            func latency(_ milliseconds: Double) -> MetricResult {
                MetricResult(unit: "ns", better: .lower, samples: [[milliseconds * 1e6]])
            }
            var metrics = [
                "latency_p50": latency(report.latency.p50),
                "latency_p90": latency(report.latency.p90),
                "latency_p99": latency(report.latency.p99),
                "latency_p999": latency(report.latency.p999),
                "throughput": MetricResult(unit: "req/s", better: .higher, samples: [[report.achievedRate]]),
                "error_rate": MetricResult(unit: "", better: .lower, samples: [[Double(report.errors) / Double(report.requests + report.errors)]]),
            ]
            if scenarioName == "server" {
                metrics["send_delay_p99"] = latency(report.sendDelay.p99)
            }
            return metrics
        }
    }

    static let model = Benchmark("serving/model", summary: "In-process inference of the reference MLP on a batch; accuracy and macro-F1 on the held-out split",
                                 parameters: [
                                    ParameterSpec("model", .string, default: .string("mlp-fp32"), choices: models),
                                    ParameterSpec("batch", .int, default: .int(1), range: 1...4096),
                                 ]) { parameters in
        let name = try parameters.string("model")
        let batch = try parameters.int("batch")
        guard let mlp = try ReferenceModels.load().first(where: { $0.name == name }) else {
            throw BenchError.invalidParameter(benchmark: "serving/model", parameter: "model", detail: "no model named \(name)")
        }
        let quality = ReferenceModels.evaluate(mlp)
        let dataset = ReferenceModels.dataset
        let features = mlp.featureCount
        let rows = min(batch, dataset.testY.count)
        let input = Array(dataset.testX.prefix(rows * features))
        let expected = Array(dataset.testY.prefix(rows))
        return Workload(
            verify: {
                let predicted = mlp.predict(input, rows: rows)
                let correct = zip(predicted, expected).filter { $0 == $1 }.count
                if rows >= 100 && Double(correct) / Double(rows) < quality.accuracy - 0.1 {
                    throw VerificationError("batch accuracy \(correct)/\(rows) far below the held-out accuracy \(quality.accuracy)")
                }
                if predicted.count != rows { throw VerificationError("\(predicted.count) predictions for \(rows) rows") }
            },
            throughputs: [Throughput("rows_per_second", unit: "rows/s", workPerOperation: Double(rows))],
            values: [
                "accuracy": MetricResult(unit: "", better: .higher, value: quality.accuracy, tolerance: 0.005),
                "macro_f1": MetricResult(unit: "", better: .higher, value: quality.macroF1, tolerance: 0.005),
            ],
            body: { blackHole(mlp.predict(input, rows: rows)) })
    }
}
