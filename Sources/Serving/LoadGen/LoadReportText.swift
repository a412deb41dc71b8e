import Foundation

extension LoadReport {
    private static func ms(_ x: Double) -> String { String(format: "%.3f", x) }
    private static func rate(_ x: Double) -> String { String(format: "%.0f", x) }

    /// One line for a terminal: scenario, rates, errors, latency percentiles and verdict.
    public var summary: String {
        var line = "\(scenario): \(Self.rate(achievedRate)) req/s"
        if let targetRate { line += " (offered \(Self.rate(targetRate)) \(arrival?.rawValue ?? ""), scheduled \(Self.rate(scheduledRate)))" }
        line += ", \(connections) connections, \(requests) ok, \(errors) errors; latency ms p50 \(Self.ms(latency.p50))"
        line += " p90 \(Self.ms(latency.p90)) p99 \(Self.ms(latency.p99)) p99.9 \(Self.ms(latency.p999)) max \(Self.ms(latency.max))"
        line += "; send delay p99 \(Self.ms(sendDelay.p99)); \(verdict)"
        return line
    }

    /// Errors by kind, e.g. `HTTP 503 ×12, connection ×2`; empty without errors.
    public var errorBreakdown: String {
        var parts = statusCounts.sorted { $0.key < $1.key }.map { "HTTP \($0.key) ×\($0.value)" }
        if transportErrors > 0 { parts.append("connection ×\(transportErrors)") }
        if timeouts > 0 { parts.append("unanswered at the drain timeout ×\(timeouts)") }
        return parts.joined(separator: ", ")
    }

    /// The text report: each step of a sweep or search on one line, then the headline run
    /// with latency from the schedule, service time from the send, the generator's send
    /// delay, errors by kind and the verdict.
    public var text: String {
        var lines = (steps ?? []).enumerated().map { "  step \($0 + 1): " + $1.summary }
        lines.append(summary)
        func row(_ label: String, _ p: LatencyPercentiles) -> String {
            "  \(label) p50 \(Self.ms(p.p50))  p90 \(Self.ms(p.p90))  p99 \(Self.ms(p.p99))  p99.9 \(Self.ms(p.p999))  max \(Self.ms(p.max))"
        }
        lines.append(row("latency ms, from the schedule:", latency))
        lines.append(row("service time ms, from the send:", serviceLatency))
        if targetRate != nil {
            lines.append(row("send delay ms (generator lag):  ", sendDelay) + "  (\(engineScheduling?.rawValue ?? "normal") priority)")
            if connectionWaits > 0 {
                lines.append(row("waited for a free connection:   ", connectionWait) + "  (\(connectionWaits) requests; more --connections shorten it)")
            }
        }
        if let tokens {
            lines.append(row("time to first token ms:         ", tokens.timeToFirstToken))
            lines.append(row("inter-token latency ms:         ", tokens.interTokenLatency))
            lines.append(row("time per output token ms:       ", tokens.timePerOutputToken))
            var slo: [String] = []
            if let ttft = tokens.slo.timeToFirstTokenMilliseconds { slo.append("TTFT ≤ \(Self.ms(ttft)) ms") }
            if let tpot = tokens.slo.timePerOutputTokenMilliseconds { slo.append("TPOT ≤ \(Self.ms(tpot)) ms") }
            lines.append("  \(tokens.outputTokens) output tokens, \(Self.rate(tokens.outputTokensPerSecond)) tokens/s; goodput "
                         + String(format: "%.1f", tokens.goodput) + " req/s" + (slo.isEmpty ? "" : " (" + slo.joined(separator: ", ") + ")"))
        }
        if errors > 0 {
            lines.append(String(format: "  errors: %d (%.2f%%): ", errors, errorRate * 100) + errorBreakdown)
            for sample in errorSamples.prefix(3) { lines.append("    e.g. " + sample) }
        }
        if let constraint = latencyConstraint, let best = maxRateUnderBound {
            lines.append(String(format: "  highest rate with p%g ≤ %@ ms: %@ req/s", constraint.percentile, Self.ms(constraint.milliseconds), Self.rate(best)))
        }
        if let constraint = latencyConstraint, let best = maxConcurrencyUnderBound {
            lines.append(String(format: "  highest concurrency with p%g ≤ %@ ms: %@", constraint.percentile, Self.ms(constraint.milliseconds),
                                best == 0 ? "none (even the lowest level is over the bound)" : "\(best) (\(Self.rate(achievedRate)) req/s)"))
        }
        if let windows { lines.append("  stability check: \(windows) windows measured; the figures merge the last ones") }
        lines.append("  verdict: \(verdict)" + (verdictReasons.isEmpty ? "" : " (" + verdictReasons.joined(separator: "; ") + ")"))
        return lines.joined(separator: "\n")
    }

    /// Comma-separated values, one row per step (or the run itself), with a header row.
    public var csv: String {
        let header = ["step", "scenario", "arrival", "seed", "connections", "offered_rate", "scheduled_rate", "achieved_rate",
                      "duration_s", "ok", "errors", "error_rate", "latency_p50_ms", "latency_p90_ms", "latency_p99_ms",
                      "latency_p999_ms", "latency_max_ms", "service_p50_ms", "service_p99_ms", "send_delay_p50_ms",
                      "send_delay_p99_ms", "send_delay_max_ms", "connection_waits", "connection_wait_p99_ms",
                      "ttft_p50_ms", "ttft_p99_ms", "itl_p50_ms", "itl_p99_ms", "tpot_p50_ms", "tpot_p99_ms",
                      "output_tokens_per_s", "goodput_req_per_s", "verdict"]
        let rows = (steps ?? [self]).enumerated().map { index, r -> String in
            var fields: [String] = [
                String(index + 1), r.scenario, r.arrival?.rawValue ?? "", String(r.seed), String(r.connections),
                r.targetRate.map { String(format: "%.3f", $0) } ?? "", String(format: "%.3f", r.scheduledRate),
                String(format: "%.3f", r.achievedRate), String(format: "%.3f", r.durationSeconds), String(r.requests),
                String(r.errors), String(format: "%.6f", r.errorRate),
                Self.ms(r.latency.p50), Self.ms(r.latency.p90), Self.ms(r.latency.p99), Self.ms(r.latency.p999), Self.ms(r.latency.max),
                Self.ms(r.serviceLatency.p50), Self.ms(r.serviceLatency.p99),
                Self.ms(r.sendDelay.p50), Self.ms(r.sendDelay.p99), Self.ms(r.sendDelay.max), String(r.connectionWaits),
                Self.ms(r.connectionWait.p99),
            ]
            if let t = r.tokens {
                fields += [Self.ms(t.timeToFirstToken.p50), Self.ms(t.timeToFirstToken.p99), Self.ms(t.interTokenLatency.p50),
                           Self.ms(t.interTokenLatency.p99), Self.ms(t.timePerOutputToken.p50), Self.ms(t.timePerOutputToken.p99),
                           String(format: "%.1f", t.outputTokensPerSecond), String(format: "%.3f", t.goodput)]
            } else {
                fields += Array(repeating: "", count: 8)
            }
            fields.append(r.verdict)
            return fields.joined(separator: ",")
        }
        return ([header.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
    }
}
