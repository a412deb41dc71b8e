import BenchStats
import Foundation

/// A load-generation setup problem (bad URL, unreachable server, unusable metadata).
public struct LoadGeneratorError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Which KServe v2 server and model to load: `http://host:port` plus a model name.
public struct LoadTarget: Sendable, Codable, Equatable {
    public var host: String
    public var port: Int
    public var model: String
    public var version: String?

    public init(host: String, port: Int, model: String, version: String? = nil) {
        self.host = host
        self.port = port
        self.model = model
        self.version = version
    }

    /// Parses `http://host[:port][/...]` (port defaults to 80; https is not supported).
    public init(url: String, model: String, version: String? = nil) throws(LoadGeneratorError) {
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == "http",
              let host = components.host, !host.isEmpty
        else { throw LoadGeneratorError("target URL '\(url)' is not of the form http://host:port") }
        self.init(host: host, port: components.port ?? 80, model: model, version: version)
    }

    var modelPath: String {
        let name = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? model
        if let version { return "/v2/models/\(name)/versions/\(version)" }
        return "/v2/models/\(name)"
    }

    public var inferPath: String { modelPath + "/infer" }
}

/// One input of an infer request: a tensor's name, datatype and concrete shape (no -1).
public typealias InputSpec = TensorMetadata

/// The request a load generator sends: method, path, body (each request picks the next
/// body in turn, so several distinct inputs can be cycled).
public struct LoadRequest: Sendable {
    public var method: String
    public var path: String
    public var bodies: [[UInt8]]
    public init(method: String, path: String, bodies: [[UInt8]] = [[]]) {
        self.method = method
        self.path = path
        self.bodies = bodies.isEmpty ? [[]] : bodies
    }

    /// The full wire form of each request.
    func wire(host: String, port: Int) -> [[UInt8]] {
        bodies.map { body in
            var bytes = Array("\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n".utf8)
            if !body.isEmpty || method == "POST" {
                bytes += Array("Content-Type: application/json\r\nContent-Length: \(body.count)\r\n".utf8)
            }
            bytes += Array("\r\n".utf8)
            return bytes + body
        }
    }

    /// Infer requests for `inputs`, with `variants` different seeded random payloads.
    public static func infer(target: LoadTarget, inputs: [InputSpec], variants: Int = 16, seed: UInt64 = 1) -> LoadRequest {
        var rng = SplitMix64(seed: seed)
        let bodies = (0..<max(1, variants)).map { _ in
            var w = JSONWriter(capacity: 1024)
            w.raw("{\"inputs\":[")
            for (i, input) in inputs.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw("{\"name\":")
                w.string(input.name)
                w.raw(",\"shape\":[")
                for (j, d) in input.shape.enumerated() {
                    if j > 0 { w.raw(",") }
                    w.integer(d)
                }
                w.raw("],\"datatype\":")
                w.string(input.datatype)
                w.raw(",\"data\":[")
                let count = input.shape.reduce(1, *)
                for k in 0..<count {
                    if k > 0 { w.raw(",") }
                    switch input.datatype {
                    case "FP32", "FP64", "FP16": w.number(Float((rng.normal() * 1000).rounded() / 1000))
                    case "BOOL": w.bool(rng.next() & 1 == 1)
                    case "BYTES": w.string("x\(rng.next() % 100)")
                    case "UINT8", "UINT16", "UINT32", "UINT64": w.integer(rng.next() % 100)
                    default: w.integer(Int(rng.next() % 200) - 100)
                    }
                }
                w.raw("]}")
            }
            w.raw("]}")
            return w.bytes
        }
        return LoadRequest(method: "POST", path: target.inferPath, bodies: bodies)
    }

    /// Reads the model's metadata (`GET /v2/models/{name}`) and builds infer requests with
    /// each variable dimension set to 1.
    public static func fromMetadata(target: LoadTarget, variants: Int = 16, seed: UInt64 = 1) throws(LoadGeneratorError) -> LoadRequest {
        let client = HTTPClient(host: target.host, port: target.port, timeout: 5)
        let response: HTTPClientResponse
        do { response = try client.request("GET", target.modelPath) } catch {
            throw LoadGeneratorError("cannot read metadata of model '\(target.model)' at \(target.host):\(target.port): \(error)")
        }
        guard response.status == 200 else {
            let detail = String(decoding: response.body.prefix(200), as: UTF8.self)
            throw LoadGeneratorError("metadata of model '\(target.model)': HTTP \(response.status) \(detail); check the model name")
        }
        let json: JSONValue
        do { json = try JSONReader.parse(response.body) } catch {
            throw LoadGeneratorError("metadata of model '\(target.model)' is not JSON: \(error)")
        }
        guard case .array(let inputs)? = json["inputs"], !inputs.isEmpty else {
            throw LoadGeneratorError("metadata of model '\(target.model)' lists no inputs; pass an input spec instead")
        }
        let specs = try inputs.map { (input) throws(LoadGeneratorError) -> InputSpec in
            guard let name = input["name"]?.stringValue, let datatype = input["datatype"]?.stringValue,
                  case .array(let dims)? = input["shape"]
            else { throw LoadGeneratorError("metadata of model '\(target.model)': an input lacks name, datatype or shape") }
            let shape = dims.map { d -> Int in
                guard case .integer(let v) = d, v > 0 else { return 1 }
                return Int(v)
            }
            return InputSpec(name: name, datatype: datatype, shape: shape)
        }
        return infer(target: target, inputs: specs, variants: variants, seed: seed)
    }
}
