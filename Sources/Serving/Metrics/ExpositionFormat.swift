import Foundation

/// The two text formats `GET /metrics` answers in, chosen from the request's `Accept`
/// header as Prometheus negotiates: OpenMetrics 1.0.0 when the client asks for
/// `application/openmetrics-text` (version 1.0.0, or none given) at least as strongly as
/// for anything else it accepts, otherwise the Prometheus text format 0.0.4.
public enum ExpositionFormat: Sendable, Equatable {
    case prometheus
    case openMetrics

    public var contentType: String {
        switch self {
        case .prometheus: return "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: return "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// The format for an `Accept` header value (nil or empty: Prometheus text).
    public static func negotiated(accept: String?) -> ExpositionFormat {
        var openMetrics = 0.0, other = 0.0
        for range in (accept ?? "").split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first, !type.isEmpty else { continue }
            var parameters: [String: String] = [:]
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { parameters[pair[0]] = pair[1] }
            }
            let quality = parameters["q"].flatMap(Double.init) ?? 1
            if type == "application/openmetrics-text" {
                if parameters["version"] == nil || parameters["version"] == "1.0.0" { openMetrics = max(openMetrics, quality) }
            } else {
                other = max(other, quality)
            }
        }
        return openMetrics > 0 && openMetrics >= other ? .openMetrics : .prometheus
    }
}
