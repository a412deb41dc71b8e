/// The set of benchmarks a binary knows, looked up by family name.
public struct Registry: Sendable {
    public let benchmarks: [Benchmark]

    public init(_ benchmarks: [Benchmark]) {
        self.benchmarks = benchmarks
    }

    public func benchmark(named name: String) -> Benchmark? {
        benchmarks.first { $0.name == name }
    }

    public var names: [String] { benchmarks.map(\.name) }
}
