/// Triton's binary tensor data extension, which tritonclient and the KServe SDK use by
/// default: the body is a JSON header of `Inference-Header-Content-Length` bytes followed
/// by the raw bytes of each tensor whose `parameters` carry `binary_data_size`, in the
/// order the tensors appear. Elements are little-endian; BYTES elements are a 4-byte
/// length followed by the bytes.
public enum BinaryTensorData {
    /// The header naming the JSON part's length, in requests and responses.
    public static let headerName = "Inference-Header-Content-Length"

    /// Splits a body into its JSON header and binary tail; without the header the whole
    /// body is JSON.
    static func split(_ body: [UInt8], headerLength: String?) throws(InferenceError) -> (json: ArraySlice<UInt8>, binary: ArraySlice<UInt8>) {
        guard let headerLength else { return (body[...], body[body.endIndex...]) }
        guard let n = Int(headerLength), n >= 0, n <= body.count else {
            throw InferenceError(.badRequest, "\(headerName) '\(headerLength)' is not a byte count within the body of \(body.count) bytes")
        }
        return (body[..<n], body[n...])
    }

    /// FP32 values from little-endian bytes (`bytes.count` a multiple of 4).
    static func floats(_ bytes: ArraySlice<UInt8>) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(bytes.count / 4)
        var i = bytes.startIndex
        while i + 4 <= bytes.endIndex {
            let bits = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            values.append(Float(bitPattern: bits))
            i += 4
        }
        return values
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends one element of `datatype` given as a JSON value (a number, a bool or, for
    /// BYTES, a string), as perf_analyzer's input-data files and generated inputs give them.
    public static func append(_ value: JSONValue, datatype: String, to bytes: inout [UInt8]) throws(InferenceError) {
        func number() throws(InferenceError) -> Double {
            switch value {
            case .integer(let i): return Double(i)
            case .number(let d): return d
            case .bool(let b): return b ? 1 : 0
            default: throw InferenceError(.badRequest, "\(datatype) element must be a number, got \(String(decoding: JSONWriter.encode(value), as: UTF8.self))")
            }
        }
        func integer() throws(InferenceError) -> Int64 {
            if case .integer(let i) = value { return i }
            let d = try number()
            guard d == d.rounded(), let i = Int64(exactly: d) else {
                throw InferenceError(.badRequest, "\(datatype) element must be a whole number, got \(d)")
            }
            return i
        }
        switch datatype {
        case "FP32": appendLittleEndian(Float(try number()).bitPattern, to: &bytes)
        case "FP64": appendLittleEndian(try number().bitPattern, to: &bytes)
        case "FP16": appendLittleEndian(Float16(Float(try number())).bitPattern, to: &bytes)
        case "BOOL": bytes.append(try number() != 0 ? 1 : 0)
        case "INT8": appendLittleEndian(Int8(truncatingIfNeeded: try integer()), to: &bytes)
        case "INT16": appendLittleEndian(Int16(truncatingIfNeeded: try integer()), to: &bytes)
        case "INT32": appendLittleEndian(Int32(truncatingIfNeeded: try integer()), to: &bytes)
        case "INT64": appendLittleEndian(try integer(), to: &bytes)
        case "UINT8": appendLittleEndian(UInt8(truncatingIfNeeded: try integer()), to: &bytes)
        case "UINT16": appendLittleEndian(UInt16(truncatingIfNeeded: try integer()), to: &bytes)
        case "UINT32": appendLittleEndian(UInt32(truncatingIfNeeded: try integer()), to: &bytes)
        case "UINT64": appendLittleEndian(UInt64(truncatingIfNeeded: try integer()), to: &bytes)
        case "BYTES":
            guard case .string(let s) = value else { throw InferenceError(.badRequest, "BYTES element must be a string") }
            appendLittleEndian(UInt32(s.utf8.count), to: &bytes)
            bytes.append(contentsOf: s.utf8)
        default: throw InferenceError(.badRequest, "unknown datatype '\(datatype)'")
        }
    }
}
