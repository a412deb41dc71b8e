/// A named, parameterized benchmark: code. Suite files (data) choose which ones run
/// and with which parameter values.
public struct Benchmark: Sendable {
    /// Family name, e.g. "matmul/fp32/blocked". An instance's full name appends its
    /// parameters in declaration order, leaving out those at their default value:
    /// "matmul/fp32/blocked/n=512", "matmul/fp32/blocked/n=512/threads=2".
    public let name: String
    public let summary: String
    public let parameters: [ParameterSpec]
    /// Builds the workload for one parameter combination (allocations, inputs,
    /// packing). Runs once per process, outside the measured region.
    public let setUp: @Sendable (Parameters) throws -> Workload

    public init(_ name: String, summary: String, parameters: [ParameterSpec] = [],
                setUp: @escaping @Sendable (Parameters) throws -> Workload) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.setUp = setUp
    }

    /// The full name of the instance with these parameter values.
    public func instanceName(_ parameters: Parameters) -> String {
        let suffix = self.parameters.compactMap { spec -> String? in
            guard let value = parameters.values[spec.name], value != spec.defaultValue else { return nil }
            return "\(spec.name)=\(value)"
        }
        return ([name] + suffix).joined(separator: "/")
    }
}

/// A parameter a benchmark accepts.
public struct ParameterSpec: Sendable {
    public enum Kind: String, Sendable { case int, double, string }
    public let name: String
    public let kind: Kind
    public let defaultValue: ParameterValue?
    public let summary: String
    /// Allowed numeric values (checked when the suite is loaded, before any run).
    public let range: ClosedRange<Double>?
    /// Allowed string values.
    public let choices: [String]?

    public init(_ name: String, _ kind: Kind, default defaultValue: ParameterValue? = nil,
                range: ClosedRange<Double>? = nil, choices: [String]? = nil, summary: String = "") {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.range = range
        self.choices = choices
        self.summary = summary
    }

    /// Why `value` is not acceptable for this parameter, or nil when it is.
    func problem(with value: ParameterValue) -> String? {
        switch (kind, value) {
        case (.int, .int(let number)):
            return check(Double(number))
        case (.double, .double(let number)):
            return check(number)
        case (.double, .int(let number)):
            return check(Double(number))
        case (.string, .string(let text)):
            guard let choices, !choices.contains(text) else { return nil }
            return "must be one of \(choices.joined(separator: ", ")), found \(text)"
        default:
            return "must be \(kind.rawValue), found \(value)"
        }
    }

    private func check(_ number: Double) -> String? {
        guard let range, !range.contains(number) else { return nil }
        return "must be between \(ParameterValue.double(range.lowerBound)) and \(ParameterValue.double(range.upperBound)), found \(number)"
    }
}

/// The parameter values of one benchmark instance.
public struct Parameters: Sendable, Hashable {
    public let values: [String: ParameterValue]
    let benchmark: String

    public init(_ values: [String: ParameterValue], benchmark: String = "") {
        self.values = values
        self.benchmark = benchmark
    }

    public func int(_ name: String) throws -> Int {
        guard case .int(let value)? = values[name] else { throw missing(name, "an integer") }
        return value
    }

    public func double(_ name: String) throws -> Double {
        switch values[name] {
        case .double(let value)?: return value
        case .int(let value)?: return Double(value)
        default: throw missing(name, "a number")
        }
    }

    public func string(_ name: String) throws -> String {
        guard case .string(let value)? = values[name] else { throw missing(name, "a string") }
        return value
    }

    private func missing(_ name: String, _ kind: String) -> BenchError {
        .invalidParameter(benchmark: benchmark, parameter: name, detail: "must be \(kind)")
    }
}
