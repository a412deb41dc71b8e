import BenchStats
import Foundation

/// One input of an infer request: a tensor's name, datatype and concrete shape (no -1).
public typealias InputSpec = TensorMetadata

extension TensorMetadata {
    /// Parses `NAME:SHAPE:DATATYPE` as `bench load --input` takes it, the shape written
    /// `1x64` or `1,64`: e.g. `input-0:1x4:FP32`.
    public init(parsing text: String) throws(LoadGeneratorError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let example = "e.g. input-0:1x4:FP32"
        guard parts.count == 3, !parts[0].isEmpty else {
            throw LoadGeneratorError("input '\(text)' is not NAME:SHAPE:DATATYPE (\(example))")
        }
        let dims = parts[1].split(whereSeparator: { $0 == "x" || $0 == "," }).map { Int($0) }
        guard !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw LoadGeneratorError("input '\(text)': shape '\(parts[1])' must be whole numbers ≥ 1 joined by 'x' (\(example))")
        }
        let datatype = parts[2].uppercased()
        guard InferenceDatatype.all.contains(datatype) else {
            throw LoadGeneratorError("input '\(text)': unknown datatype '\(parts[2])'; one of \(InferenceDatatype.all.sorted().joined(separator: ", "))")
        }
        self.init(name: parts[0], datatype: datatype, shape: dims.map { $0! })
    }

    var elementCount: Int { shape.reduce(1, *) }
}

/// The values of one input tensor of one request, flat in row-major order.
public struct TensorPayload: Sendable, Equatable {
    public var spec: InputSpec
    public var values: [JSONValue]

    public init(spec: InputSpec, values: [JSONValue]) {
        self.spec = spec
        self.values = values
    }

    /// Seeded random values of `spec`'s datatype (normal for floating point).
    static func random(_ spec: InputSpec, rng: inout SplitMix64) -> TensorPayload {
        let values = (0..<spec.elementCount).map { _ -> JSONValue in
            switch spec.datatype {
            case "FP32", "FP64", "FP16": .number((rng.normal() * 1000).rounded() / 1000)
            case "BOOL": .bool(rng.next() & 1 == 1)
            case "BYTES": .string("x\(rng.next() % 100)")
            case "UINT8", "UINT16", "UINT32", "UINT64": .integer(Int64(rng.next() % 100))
            default: .integer(Int64(rng.next() % 200) - 100)
            }
        }
        return TensorPayload(spec: spec, values: values)
    }
}

/// perf_analyzer's `--input-data` JSON file: `{"data": [step, …]}`, each step one request's
/// inputs by name, either a flat or nested array of values (the shape is the input's) or
/// `{"content": [...], "shape": [...]}`.
public enum InputDataFile {
    /// The payloads of each step; `specs` give each input's datatype and default shape.
    public static func parse(_ bytes: [UInt8], specs: [InputSpec], path: String) throws(LoadGeneratorError) -> [[TensorPayload]] {
        func fail(_ what: String) -> LoadGeneratorError {
            LoadGeneratorError("input data \(path): \(what)")
        }
        let json: JSONValue
        do { json = try JSONReader.parse(bytes) } catch { throw fail("\(error)") }
        guard case .array(let steps)? = json["data"], !steps.isEmpty else {
            throw fail("expected {\"data\": [{\"INPUT\": [values], …}, …]} with at least one entry")
        }
        let byName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return try steps.enumerated().map { (index, step) throws(LoadGeneratorError) -> [TensorPayload] in
            guard case .object(let members) = step else { throw fail("data[\(index)] is not an object of inputs") }
            for member in members where byName[member.key] == nil {
                throw fail("data[\(index)] names input '\(member.key)', which is not among \(specs.map(\.name)); add --input \(member.key):SHAPE:DATATYPE")
            }
            return try specs.map { (spec) throws(LoadGeneratorError) -> TensorPayload in
                guard let entry = step[spec.name] else { throw fail("data[\(index)] lacks input '\(spec.name)'") }
                var shape = spec.shape
                var content = entry
                if case .object = entry {
                    guard let c = entry["content"] else { throw fail("data[\(index)].\(spec.name) needs 'content' (b64 is not supported)") }
                    content = c
                    if case .array(let dims)? = entry["shape"] {
                        shape = dims.compactMap { if case .integer(let d) = $0, d >= 0 { Int(d) } else { nil } }
                        guard shape.count == dims.count else { throw fail("data[\(index)].\(spec.name): shape must be whole numbers") }
                    }
                }
                var values: [JSONValue] = []
                flatten(content, into: &values)
                let needed = shape.reduce(1, *)
                guard values.count == needed else {
                    throw fail("data[\(index)].\(spec.name) has \(values.count) values, its shape \(shape) needs \(needed)")
                }
                return TensorPayload(spec: InputSpec(name: spec.name, datatype: spec.datatype, shape: shape), values: values)
            }
        }
    }

    private static func flatten(_ value: JSONValue, into values: inout [JSONValue]) {
        if case .array(let elements) = value {
            for element in elements { flatten(element, into: &values) }
        } else {
            values.append(value)
        }
    }
}
