import BenchStats

/// The request a load generator sends: method, path, extra header fields and bodies (each
/// request takes the next body in turn, so several distinct inputs are cycled).
public struct LoadRequest: Sendable {
    /// One body; `jsonLength` is set when it carries binary tensor data after its JSON.
    public struct Body: Sendable, Equatable {
        public var bytes: [UInt8]
        public var jsonLength: Int?
        public init(bytes: [UInt8], jsonLength: Int? = nil) {
            self.bytes = bytes
            self.jsonLength = jsonLength
        }
    }

    public var method: String
    public var path: String
    public var bodies: [Body]
    /// Sent with every request (`bench load --header`).
    public var headers: [(name: String, value: String)] = []
    /// Answers are server-sent event streams of tokens (OpenAI's `stream: true`).
    public var streamsTokens = false

    public init(method: String, path: String, bodies: [Body] = [Body(bytes: [])]) {
        self.method = method
        self.path = path
        self.bodies = bodies.isEmpty ? [Body(bytes: [])] : bodies
    }

    /// The full wire form of each request.
    func wire(host: String, port: Int) -> [[UInt8]] {
        bodies.map { body in
            var text = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            if let jsonLength = body.jsonLength {
                text += "Content-Type: application/octet-stream\r\n\(BinaryTensorData.headerName): \(jsonLength)\r\n"
            } else if !body.bytes.isEmpty || method == "POST" {
                text += "Content-Type: application/json\r\n"
            }
            if !body.bytes.isEmpty || method == "POST" { text += "Content-Length: \(body.bytes.count)\r\n" }
            return Array((text + "\r\n").utf8) + body.bytes
        }
    }

    /// Infer requests for `inputs` with `variants` different seeded random payloads.
    public static func infer(target: LoadTarget, inputs: [InputSpec], variants: Int = 16, seed: UInt64 = 1,
                             binary: Bool = false) throws(LoadGeneratorError) -> LoadRequest {
        var rng = SplitMix64(seed: seed)
        let payloads = (0..<max(1, variants)).map { _ in inputs.map { TensorPayload.random($0, rng: &rng) } }
        return try infer(target: target, payloads: payloads, binary: binary)
    }

    /// Infer requests, one body per entry of `payloads` (the inputs of one request each),
    /// in JSON or, with `binary`, as binary tensor data asking for binary outputs.
    public static func infer(target: LoadTarget, payloads: [[TensorPayload]], binary: Bool) throws(LoadGeneratorError) -> LoadRequest {
        let bodies = try payloads.map { (inputs) throws(LoadGeneratorError) -> Body in
            var w = JSONWriter(capacity: 1024)
            var raw: [UInt8] = []
            w.raw("{\"inputs\":[")
            for (i, input) in inputs.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw("{\"name\":")
                w.string(input.spec.name)
                w.raw(",\"shape\":")
                w.value(.array(input.spec.shape.map { .integer(Int64($0)) }))
                w.raw(",\"datatype\":")
                w.string(input.spec.datatype)
                if binary {
                    let start = raw.count
                    for value in input.values {
                        do throws(InferenceError) { try BinaryTensorData.append(value, datatype: input.spec.datatype, to: &raw) } catch {
                            throw LoadGeneratorError("input '\(input.spec.name)': \(error.message)")
                        }
                    }
                    w.raw(",\"parameters\":{\"binary_data_size\":")
                    w.integer(raw.count - start)
                    w.raw("}}")
                } else {
                    w.raw(",\"data\":")
                    w.value(.array(input.values))
                    w.raw("}")
                }
            }
            w.raw(binary ? "],\"parameters\":{\"binary_data_output\":true}}" : "]}")
            return binary ? Body(bytes: w.bytes + raw, jsonLength: w.bytes.count) : Body(bytes: w.bytes)
        }
        return LoadRequest(method: "POST", path: target.inferPath, bodies: bodies)
    }

    /// Streamed OpenAI-compatible completions (`/v1/completions`, or `/v1/chat/completions`
    /// with `chat`) of `maxTokens` tokens, with `variants` seeded prompts of `promptWords` words.
    public static func completion(target: LoadTarget, chat: Bool, promptWords: Int, maxTokens: Int, variants: Int = 16,
                                  seed: UInt64 = 1) -> LoadRequest {
        var rng = SplitMix64(seed: seed)
        let words = ["load", "serve", "token", "model", "batch", "queue", "latency", "stream", "prompt", "answer"]
        let bodies = (0..<max(1, variants)).map { _ -> Body in
            let prompt = (0..<max(1, promptWords)).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            var w = JSONWriter(capacity: 128 + prompt.utf8.count)
            w.raw("{\"model\":")
            w.string(target.model)
            if chat {
                w.raw(",\"messages\":[{\"role\":\"user\",\"content\":")
                w.string(prompt)
                w.raw("}]")
            } else {
                w.raw(",\"prompt\":")
                w.string(prompt)
            }
            w.raw(",\"max_tokens\":")
            w.integer(maxTokens)
            w.raw(",\"stream\":true}")
            return Body(bytes: w.bytes)
        }
        var request = LoadRequest(method: "POST", path: chat ? "/v1/chat/completions" : "/v1/completions", bodies: bodies)
        request.streamsTokens = true
        return request
    }
}
