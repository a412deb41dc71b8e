/// A decoded and validated `POST /v2/models/{name}/infer` body for a `ServableModel`.
struct InferRequest: Sendable {
    var id: String?
    var rows: Int
    /// `rows × featureCount` values, row-major.
    var input: [Float]
    /// The outputs asked for, in the protocol's `outputs` order; nil means all.
    var requestedOutputs: [String]?
    /// Outputs to answer as binary tensor data rather than JSON `data`.
    var binaryOutputs: Set<String> = []
}

/// Datatypes of the Open Inference Protocol.
enum InferenceDatatype {
    static let all: Set<String> = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64",
                                   "FP16", "FP32", "FP64", "BYTES"]
}

/// Decodes infer request bodies (KServe v2 / Open Inference Protocol, JSON form or with
/// binary tensor data). Every way the body can be wrong maps to a 400 with a message
/// naming the field.
enum InferRequestDecoder {
    /// - Parameter headerLength: the `Inference-Header-Content-Length` header, if sent.
    static func decode(_ body: [UInt8], headerLength: String? = nil, for model: any ServableModel,
                       maxRows: Int) throws(InferenceError) -> InferRequest {
        let (jsonBytes, binary) = try BinaryTensorData.split(body, headerLength: headerLength)
        let parsed = jsonBytes.withUnsafeBufferPointer { buffer in Result { () throws(JSONError) in try JSONReader.parse(buffer) } }
        let json: JSONValue
        do { json = try parsed.get() } catch { throw InferenceError(.badRequest, "malformed JSON body: \(error)") }
        guard case .object = json else { throw InferenceError(.badRequest, "the request body must be a JSON object") }
        var id: String? = nil
        if let value = json["id"] {
            guard case .string(let s) = value else { throw InferenceError(.badRequest, "'id' must be a string") }
            id = s
        }
        if let parameters = json["parameters"], case .object = parameters {} else if json["parameters"] != nil {
            throw InferenceError(.badRequest, "'parameters' must be an object")
        }
        let allBinary = try flag("binary_data_output", in: json, what: "the request") ?? false
        guard let inputsValue = json["inputs"] else { throw InferenceError(.badRequest, "missing 'inputs'") }
        guard case .array(let inputs) = inputsValue, !inputs.isEmpty else {
            throw InferenceError(.badRequest, "'inputs' must be a non-empty array")
        }
        let expected = type(of: model).inputName
        var decoded: (rows: Int, values: [Float])? = nil
        var binaryCursor = binary.startIndex
        for input in inputs {
            guard case .object = input, case .string(let name)? = input["name"] else {
                throw InferenceError(.badRequest, "each input needs a string 'name'")
            }
            guard name == expected else {
                throw InferenceError(.badRequest, "unexpected input '\(name)' for model '\(model.name)'; it takes '\(expected)'")
            }
            guard decoded == nil else { throw InferenceError(.badRequest, "input '\(name)' given twice") }
            decoded = try decodeInput(input, name: name, model: model, maxRows: maxRows, binary: binary, cursor: &binaryCursor)
        }
        guard let (rows, values) = decoded else { throw InferenceError(.badRequest, "missing input '\(expected)'") }
        guard binaryCursor == binary.endIndex else {
            throw InferenceError(.badRequest, "\(binary.count) bytes of binary data follow the JSON header, but the inputs' binary_data_size account for \(binaryCursor - binary.startIndex)")
        }
        var requested: [String]? = nil
        var binaryOutputs: Set<String> = allBinary ? Set(model.outputs.map(\.name)) : []
        if let outputsValue = json["outputs"] {
            guard case .array(let outputs) = outputsValue else { throw InferenceError(.badRequest, "'outputs' must be an array") }
            let known = Set(model.outputs.map(\.name))
            requested = try outputs.map { (output) throws(InferenceError) -> String in
                guard case .string(let name)? = output["name"] else {
                    throw InferenceError(.badRequest, "each requested output needs a string 'name'")
                }
                guard known.contains(name) else {
                    throw InferenceError(.badRequest, "unknown output '\(name)' for model '\(model.name)'")
                }
                if let binaryData = try flag("binary_data", in: output, what: "output '\(name)'") {
                    if binaryData { binaryOutputs.insert(name) } else { binaryOutputs.remove(name) }
                }
                return name
            }
        }
        return InferRequest(id: id, rows: rows, input: values, requestedOutputs: requested, binaryOutputs: binaryOutputs)
    }

    /// The boolean `parameters.<key>` of `object`, nil when absent.
    private static func flag(_ key: String, in object: JSONValue, what: String) throws(InferenceError) -> Bool? {
        guard case .object? = object["parameters"], let value = object["parameters"]?[key] else { return nil }
        guard case .bool(let b) = value else { throw InferenceError(.badRequest, "\(what): parameter '\(key)' must be true or false") }
        return b
    }

    private static func decodeInput(_ input: JSONValue, name: String, model: any ServableModel, maxRows: Int,
                                    binary: ArraySlice<UInt8>, cursor: inout Int) throws(InferenceError) -> (Int, [Float]) {
        guard case .string(let datatype)? = input["datatype"] else {
            throw InferenceError(.badRequest, "input '\(name)' needs a string 'datatype'")
        }
        guard InferenceDatatype.all.contains(datatype) else {
            throw InferenceError(.badRequest, "input '\(name)': unknown datatype '\(datatype)'")
        }
        guard datatype == "FP32" else {
            throw InferenceError(.badRequest, "input '\(name)': datatype \(datatype) does not match the model's FP32")
        }
        guard case .array(let shapeValues)? = input["shape"] else {
            throw InferenceError(.badRequest, "input '\(name)' needs a 'shape' array")
        }
        var shape: [Int] = []
        for value in shapeValues {
            guard case .integer(let d) = value, d >= 0 else {
                throw InferenceError(.badRequest, "input '\(name)': shape dimensions must be non-negative integers")
            }
            shape.append(Int(d))
        }
        let features = model.featureCount
        let rows: Int
        switch shape.count {
        case 1 where shape[0] == features: rows = 1
        case 2 where shape[1] == features: rows = shape[0]
        default:
            throw InferenceError(.badRequest, "input '\(name)': shape \(shape) does not match the model's [-1, \(features)]")
        }
        guard rows >= 1 else { throw InferenceError(.badRequest, "input '\(name)': the batch dimension must be at least 1") }
        guard rows <= maxRows else {
            throw InferenceError(.badRequest, "input '\(name)': batch of \(rows) exceeds the model's maximum of \(maxRows)")
        }
        if let size = input["parameters"]?["binary_data_size"] {
            let needed = rows * features * 4
            guard case .integer(let n) = size, n == needed else {
                throw InferenceError(.badRequest, "input '\(name)': binary_data_size must be \(needed) (shape \(shape), FP32), got \(String(decoding: JSONWriter.encode(size), as: UTF8.self))")
            }
            guard input["data"] == nil else { throw InferenceError(.badRequest, "input '\(name)' has both 'data' and binary_data_size") }
            guard binary.endIndex - cursor >= needed else {
                throw InferenceError(.badRequest, "input '\(name)': binary_data_size \(needed) runs past the \(binary.count) bytes after the JSON header")
            }
            let values = BinaryTensorData.floats(binary[cursor..<(cursor + needed)])
            cursor += needed
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw InferenceError(.badRequest, "input '\(name)': binary FP32 element \(bad) is not finite")
            }
            return (rows, values)
        }
        guard let data = input["data"] else { throw InferenceError(.badRequest, "input '\(name)' needs 'data' or binary_data_size") }
        var values: [Float] = []
        values.reserveCapacity(rows * features)
        try flatten(data, shape: shape, level: 0, into: &values, name: name)
        guard values.count == rows * features else {
            throw InferenceError(.badRequest, "input '\(name)': \(values.count) values for shape \(shape) (needs \(rows * features))")
        }
        return (rows, values)
    }

    /// Appends the numbers of `data`, which is either flat or nested exactly like `shape`.
    private static func flatten(_ data: JSONValue, shape: [Int], level: Int, into values: inout [Float],
                                name: String) throws(InferenceError) {
        guard case .array(let elements) = data else {
            throw InferenceError(.badRequest, "input '\(name)': 'data' must be an array")
        }
        let nested = elements.first.map { if case .array = $0 { true } else { false } } ?? false
        if nested {
            guard level < shape.count - 1, elements.count == shape[level] else {
                throw InferenceError(.badRequest, "input '\(name)': nested 'data' does not match shape \(shape)")
            }
            for element in elements { try flatten(element, shape: shape, level: level + 1, into: &values, name: name) }
            return
        }
        if level > 0 && elements.count != shape[level] {
            throw InferenceError(.badRequest, "input '\(name)': nested 'data' does not match shape \(shape)")
        }
        for element in elements {
            let number: Double
            switch element {
            case .integer(let i): number = Double(i)
            case .number(let d): number = d
            default: throw InferenceError(.badRequest, "input '\(name)': FP32 data must be numbers")
            }
            let f = Float(number)
            guard f.isFinite else { throw InferenceError(.badRequest, "input '\(name)': value \(number) is out of FP32 range") }
            values.append(f)
        }
    }
}

/// Writes infer response bodies: outputs named in `binaryOutputs` go after the JSON as
/// binary tensor data, and `headerLength` (the JSON part's size) is then set.
enum InferResponseEncoder {
    static func encode(model: any ServableModel, id: String?, rows: Int, probabilities: ArraySlice<Float>,
                       requestedOutputs: [String]?, binaryOutputs: Set<String> = []) -> (body: [UInt8], headerLength: Int?) {
        let classes = model.classCount
        var w = JSONWriter(capacity: 160 + rows * classes * 12)
        var binary: [UInt8] = []
        w.raw("{\"model_name\":")
        w.string(model.name)
        w.raw(",\"model_version\":")
        w.string(model.version)
        if let id {
            w.raw(",\"id\":")
            w.string(id)
        }
        w.raw(",\"outputs\":[")
        let outputs = requestedOutputs ?? model.outputs.map(\.name)
        for (index, output) in outputs.enumerated() {
            if index > 0 { w.raw(",") }
            let asBinary = binaryOutputs.contains(output)
            let binaryStart = binary.count
            if output == "label" {
                w.raw("{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[")
                w.integer(rows)
                var labels: [Int] = []
                labels.reserveCapacity(rows)
                var p = probabilities.startIndex
                for _ in 0..<rows {
                    var best = 0
                    for c in 1..<classes where probabilities[p + c] > probabilities[p + best] { best = c }
                    labels.append(best)
                    p += classes
                }
                if asBinary {
                    for label in labels { BinaryTensorData.appendLittleEndian(Int64(label), to: &binary) }
                } else {
                    w.raw("],\"data\":[")
                    for (r, label) in labels.enumerated() {
                        if r > 0 { w.raw(",") }
                        w.integer(label)
                    }
                }
            } else {
                w.raw("{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[")
                w.integer(rows)
                w.raw(",")
                w.integer(classes)
                if asBinary {
                    for value in probabilities { BinaryTensorData.appendLittleEndian(value.bitPattern, to: &binary) }
                } else {
                    w.raw("],\"data\":[")
                    var first = true
                    for value in probabilities {
                        if !first { w.raw(",") }
                        first = false
                        w.number(value)
                    }
                }
            }
            if asBinary {
                w.raw("],\"parameters\":{\"binary_data_size\":")
                w.integer(binary.count - binaryStart)
                w.raw("}}")
            } else {
                w.raw("]}")
            }
        }
        w.raw("]}")
        if binaryOutputs.isEmpty || outputs.allSatisfy({ !binaryOutputs.contains($0) }) { return (w.bytes, nil) }
        return (w.bytes + binary, w.bytes.count)
    }
}
