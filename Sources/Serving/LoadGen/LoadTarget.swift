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

extension LoadTarget {
    /// The model's inputs from its metadata (`GET /v2/models/{name}`), each variable
    /// dimension set to 1. Throws when the metadata lists none (MLServer's default): then
    /// the inputs must be given (`--input`).
    public func inputSpecs(headers: [(name: String, value: String)] = []) throws(LoadGeneratorError) -> [InputSpec] {
        let client = HTTPClient(host: host, port: port, timeout: 5)
        let response: HTTPClientResponse
        do { response = try client.request("GET", modelPath, headers: headers.map { ($0.name, $0.value) }) } catch {
            throw LoadGeneratorError("cannot read metadata of model '\(model)' at \(host):\(port): \(error)")
        }
        guard response.status == 200 else {
            let detail = String(decoding: response.body.prefix(200), as: UTF8.self)
            throw LoadGeneratorError("metadata of model '\(model)': HTTP \(response.status) \(detail); check the model name and version")
        }
        let json: JSONValue
        do { json = try JSONReader.parse(response.body) } catch {
            throw LoadGeneratorError("metadata of model '\(model)' is not JSON: \(error)")
        }
        guard case .array(let inputs)? = json["inputs"], !inputs.isEmpty else {
            throw LoadGeneratorError("metadata of model '\(model)' lists no inputs; give them with --input NAME:SHAPE:DATATYPE")
        }
        return try inputs.map { (input) throws(LoadGeneratorError) -> InputSpec in
            guard let name = input["name"]?.stringValue, let datatype = input["datatype"]?.stringValue,
                  case .array(let dims)? = input["shape"]
            else { throw LoadGeneratorError("metadata of model '\(model)': an input lacks name, datatype or shape") }
            let shape = dims.map { d -> Int in
                guard case .integer(let v) = d, v > 0 else { return 1 }
                return Int(v)
            }
            return InputSpec(name: name, datatype: datatype, shape: shape)
        }
    }
}
