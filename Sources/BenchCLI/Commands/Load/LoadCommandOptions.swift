import Foundation
import Serving

/// The options of `bench load`, each declared once with its default.
extension LoadCommand {
    static let target = Option.text("target", "URL", "server to load").defaulting(to: "http://127.0.0.1:8000")
    static let model = Option.text("model", "NAME", "model to infer with; inputs come from its metadata unless --input is given")
        .defaulting(to: "mlp-fp32")
    static let modelVersion = Option.text("model-version", "V", "model version: requests go to /v2/models/NAME/versions/V/...")
    static let input = Option(OptionDeclaration(name: "input", valueName: "NAME:SHAPE:DATATYPE",
                                                help: "an input of the model, e.g. input-0:1x4:FP32 (random values unless --input-data)")) { text in
        do {
            return try InputSpec(parsing: text)
        } catch let error as LoadGeneratorError {
            throw UsageError("load: \(error.message)", option: "--input", value: text)
        }
    }.repeated()
    static let inputData = Option.text("input-data", "FILE", "input values, perf_analyzer's JSON: {\"data\": [{\"NAME\": [values] or {\"content\": [...], \"shape\": [...]}}, ...]}")
    static let binary = Flag("binary", "send inputs as binary tensor data and ask for binary outputs (Triton's extension)")
    static let header = Option(OptionDeclaration(name: "header", valueName: "NAME:VALUE", help: "an HTTP header field sent with every request"),
                               convert: HeaderField.init(parsing:)).repeated()
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
                                        "the load pattern: server is an open loop, offline a closed loop, sweep steps the concurrency, max-rate and max-concurrency search the highest rate or concurrency meeting --latency-ms")
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
    static let levels = Option.text("levels", "LIST", "concurrency levels of the sweep: N,N,… or START:END:STEP; max-concurrency searches from the lowest to the highest")
        .defaultDescribed("\(sweepLevels) for sweep, \(searchLevels) for max-concurrency")
    static let sweepLevels = "1,4,16,64"
    static let searchLevels = "1:128:1"
    static let latencyBound = Option.number("latency-ms", "MS", in: 0.001...600_000, expected: "milliseconds",
                                            "latency bound: max-rate and max-concurrency search the highest rate or concurrency meeting it; other runs are INVALID above it")
        .defaultDescribed(String(format: "%g for the searches, none otherwise", searchLatencyMilliseconds))
    static let searchLatencyMilliseconds = 5.0
    static let percentile = Option.number("percentile", "P", in: 0.001...99.999, expected: "a percentile between 0 and 100, e.g. 99",
                                          "percentile of the latency bound")
        .defaulting(to: 99)
    static let searchSteps = Option.integer("search-steps", "N", in: 1...30, "binary-search runs of max-rate, most bisection runs of max-concurrency").defaulting(to: 7)
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
}
