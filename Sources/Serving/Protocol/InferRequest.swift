/// A decoded and validated `POST /v2/models/{name}/infer` body for a `ServableModel`.
struct InferRequest: Sendable {
    var id: String?
    var rows: Int
    /// `rows × featureCount` values, row-major.
    var input: [Float]
    /// The outputs asked for, in the protocol's `outputs` order; nil means all.
    var requestedOutputs: [String]?
}

/// Datatypes of the Open Inference Protocol.
enum InferenceDatatype {
    static let all: Set<String> = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64",
                                   "FP16", "FP32", "FP64", "BYTES"]
}

/// Decodes infer request bodies (KServe v2 / Open Inference Protocol, JSON form).
/// Every way the body can be wrong maps to a 400 with a message naming the field.
enum InferRequestDecoder {
    static func decode(_ body: [UInt8], for model: any ServableModel, maxRows: Int) throws(InferenceError) -> InferRequest {
        let json: JSONValue
        do { json = try JSONReader.parse(body) } catch { throw InferenceError(.badRequest, "malformed JSON body: \(error)") }
        guard case .object = json else { throw InferenceError(.badRequest, "the request body must be a JSON object") }
        var id: String? = nil
        if let value = json["id"] {
            guard case .string(let s) = value else { throw InferenceError(.badRequest, "'id' must be a string") }
            id = s
        }
        if let parameters = json["parameters"], case .object = parameters {} else if json["parameters"] != nil {
            throw InferenceError(.badRequest, "'parameters' must be an object")
        }
        guard let inputsValue = json["inputs"] else { throw InferenceError(.badRequest, "missing 'inputs'") }
        guard case .array(let inputs) = inputsValue, !inputs.isEmpty else {
            throw InferenceError(.badRequest, "'inputs' must be a non-empty array")
        }
        let expected = type(of: model).inputName
        var decoded: (rows: Int, values: [Float])? = nil
        for input in inputs {
            guard case .object = input, case .string(let name)? = input["name"] else {
                throw InferenceError(.badRequest, "each input needs a string 'name'")
            }
            guard name == expected else {
                throw InferenceError(.badRequest, "unexpected input '\(name)' for model '\(model.name)'; it takes '\(expected)'")
            }
            guard decoded == nil else { throw InferenceError(.badRequest, "input '\(name)' given twice") }
            decoded = try decodeInput(input, name: name, model: model, maxRows: maxRows)
        }
        guard let (rows, values) = decoded else { throw InferenceError(.badRequest, "missing input '\(expected)'") }
        var requested: [String]? = nil
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
                return name
            }
        }
        return InferRequest(id: id, rows: rows, input: values, requestedOutputs: requested)
    }

    private static func decodeInput(_ input: JSONValue, name: String, model: any ServableModel,
                                    maxRows: Int) throws(InferenceError) -> (Int, [Float]) {
        guard case .string(let datatype)? = input["datatype"] else {
            throw InferenceError(.badRequest, "input '\(name)' needs a string 'datatype'")
        }
        guard InferenceDatatype.all.contains(datatype) else {
            throw InferenceError(.badRequest, "input '\(name)': unknown datatype '\(datatype)'")
        }
        guard datatype == "FP32" else {
            throw InferenceError(.badRequest, "input '\(name)': datatype \(datatype) does not match the model's FP32")
        }
        if case .object(let parameters)? = input["parameters"], parameters.contains(where: { $0.key == "binary_data_size" }) {
            throw InferenceError(.badRequest, "input '\(name)': the binary data extension is not supported; send 'data' as JSON")
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
        guard let data = input["data"] else { throw InferenceError(.badRequest, "input '\(name)' needs 'data'") }
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

/// Writes infer response bodies.
enum InferResponseEncoder {
    static func encode(model: any ServableModel, id: String?, rows: Int, probabilities: ArraySlice<Float>,
                       requestedOutputs: [String]?) -> [UInt8] {
        let classes = model.classCount
        var w = JSONWriter(capacity: 160 + rows * classes * 12)
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
            if output == "label" {
                w.raw("{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[")
                w.integer(rows)
                w.raw("],\"data\":[")
                var p = probabilities.startIndex
                for r in 0..<rows {
                    if r > 0 { w.raw(",") }
                    var best = 0
                    for c in 1..<classes where probabilities[p + c] > probabilities[p + best] { best = c }
                    w.integer(best)
                    p += classes
                }
                w.raw("]}")
            } else {
                w.raw("{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[")
                w.integer(rows)
                w.raw(",")
                w.integer(classes)
                w.raw("],\"data\":[")
                var first = true
                for value in probabilities {
                    if !first { w.raw(",") }
                    first = false
                    w.number(value)
                }
                w.raw("]}")
            }
        }
        w.raw("]}")
        return w.bytes
    }
}
