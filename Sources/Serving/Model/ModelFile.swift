import Foundation
import Kernels

/// A model file that cannot be read: which file, where in it, and why.
public struct ModelFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let offset: Int
    public let reason: String
    public var description: String { "model file \(path), byte \(offset): \(reason); delete it to retrain, or restore it from git" }
}

/// The BenchKit model file (`.bkm`), version 1. All integers are little-endian.
///
///     offset  size  field
///     0       8     magic "BKMODEL\0"
///     8       4     u32 format version = 1
///     12      4     u32 variant: 0 = fp32, 1 = int8, 2 = pruned (CSR)
///     16      4     u32 layer count L
///     20      4     u32 name length N, then N bytes of UTF-8 name
///             4     u32 version length V, then V bytes of UTF-8 version
///     then L layers, each:
///             4     u32 inputs I
///             4     u32 outputs O
///             4     u32 activation: 0 = none, 1 = ReLU
///             4     u32 weight encoding: 0 = dense f32, 1 = int8, 2 = CSR
///             dense f32: I·O f32, row-major inputs × outputs
///             int8:      O f32 per-output scales, then I·O i8, row-major inputs × outputs
///                        (weight = value · scale of its output)
///             CSR:       u32 nnz, (O+1) u32 row starts, nnz u32 input indices, nnz f32
///                        values; rows are outputs
///             O f32 biases
///     last    8     u64 FNV-1a hash of every preceding byte
///
/// Readers check the magic, version, sizes, index ranges and the hash, and fail with a
/// `ModelFileError` naming the offset instead of trapping.
public enum ModelFile {
    static let magic: [UInt8] = Array("BKMODEL".utf8) + [0]

    public static func encode(_ model: MLP) -> [UInt8] {
        var w = ByteWriter()
        w.bytes += magic
        w.u32(1)
        w.u32(variantCode(model.variant))
        w.u32(UInt32(model.layers.count))
        w.string(model.name)
        w.string(model.version)
        for layer in model.layers {
            w.u32(UInt32(layer.inputs))
            w.u32(UInt32(layer.outputs))
            w.u32(layer.relu ? 1 : 0)
            switch layer.weights {
            case .dense(let values):
                w.u32(0)
                values.forEach { w.f32($0) }
            case .int8(let values, let scales):
                w.u32(1)
                scales.forEach { w.f32($0) }
                w.bytes += values.map { UInt8(bitPattern: $0) }
            case .sparse(let matrix):
                w.u32(2)
                w.u32(UInt32(matrix.nonzeroCount))
                matrix.rowStarts.forEach { w.u32(UInt32($0)) }
                matrix.columns.forEach { w.u32(UInt32($0)) }
                matrix.values.forEach { w.f32($0) }
            }
            layer.bias.forEach { w.f32($0) }
        }
        let hash = fnv1a(w.bytes)
        for i in 0..<8 { w.bytes.append(UInt8(truncatingIfNeeded: hash >> (8 * UInt64(i)))) }
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws(ModelFileError) -> MLP {
        var r = ByteReader(bytes: bytes, path: path)
        guard bytes.count >= 8 + 16 + 8 else { throw r.error("file too short (\(bytes.count) bytes)") }
        let storedHash = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[bytes.count - 8 + $1]) << (8 * UInt64($1)) }
        guard fnv1a(bytes[0..<(bytes.count - 8)]) == storedHash else {
            throw ModelFileError(path: path, offset: bytes.count - 8, reason: "checksum mismatch (file damaged or truncated)")
        }
        r.end = bytes.count - 8
        guard try r.take(8) == magic else { throw ModelFileError(path: path, offset: 0, reason: "not a BenchKit model file (bad magic)") }
        let version = try r.u32()
        guard version == 1 else { throw r.error("unsupported format version \(version)") }
        let variantValue = try r.u32()
        guard let variant = [ModelVariant.fp32, .int8, .pruned].first(where: { variantCode($0) == variantValue }) else {
            throw r.error("unknown variant \(variantValue)")
        }
        let layerCount = Int(try r.u32())
        guard (1...64).contains(layerCount) else { throw r.error("implausible layer count \(layerCount)") }
        let name = try r.string()
        let modelVersion = try r.string()
        var layers: [DenseLayer] = []
        for l in 0..<layerCount {
            let inputs = Int(try r.u32()), outputs = Int(try r.u32())
            guard (1...65536).contains(inputs), (1...65536).contains(outputs) else {
                throw r.error("layer \(l): implausible size \(inputs)×\(outputs)")
            }
            if let previous = layers.last, previous.outputs != inputs {
                throw r.error("layer \(l) takes \(inputs) inputs but layer \(l - 1) gives \(previous.outputs)")
            }
            let activation = try r.u32()
            guard activation <= 1 else { throw r.error("layer \(l): unknown activation \(activation)") }
            let encoding = try r.u32()
            let weights: LayerWeights
            switch encoding {
            case 0:
                weights = .dense(try r.f32s(inputs * outputs))
            case 1:
                let scales = try r.f32s(outputs)
                weights = .int8(values: try r.take(inputs * outputs).map { Int8(bitPattern: $0) }, scales: scales)
            case 2:
                let nnz = Int(try r.u32())
                guard nnz <= inputs * outputs else { throw r.error("layer \(l): \(nnz) non-zeros exceed \(inputs * outputs)") }
                let rowStart = try (0...outputs).map { _ throws(ModelFileError) in Int32(try r.u32()) }
                let columns = try (0..<nnz).map { _ throws(ModelFileError) in Int32(try r.u32()) }
                let values = try r.f32s(nnz)
                guard rowStart.first == 0, rowStart.last == Int32(nnz), zip(rowStart, rowStart.dropFirst()).allSatisfy({ $0 <= $1 }),
                      columns.allSatisfy({ $0 >= 0 && Int($0) < inputs })
                else { throw r.error("layer \(l): inconsistent CSR structure") }
                var dense = [Float](repeating: 0, count: outputs * inputs)
                for o in 0..<outputs {
                    for p in Int(rowStart[o])..<Int(rowStart[o + 1]) { dense[o * inputs + Int(columns[p])] = values[p] }
                }
                guard let matrix = try? Matrix(rows: outputs, cols: inputs, values: dense) else {
                    throw r.error("layer \(l): inconsistent CSR structure")
                }
                weights = .sparse(CSRMatrix(dense: matrix))
            default:
                throw r.error("layer \(l): unknown weight encoding \(encoding)")
            }
            let bias = try r.f32s(outputs)
            layers.append(DenseLayer(inputs: inputs, outputs: outputs, weights: weights, bias: bias, relu: activation == 1))
        }
        guard r.offset == r.end else { throw r.error("\(r.end - r.offset) unexpected trailing bytes") }
        return MLP(name: name, version: modelVersion, variant: variant, layers: layers)
    }

    public static func save(_ model: MLP, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Write then rename, so a reader never sees half a file.
        let temporary = url.appendingPathExtension("tmp-\(getpid())")
        try Data(encode(model)).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw ModelFileError(path: path, offset: 0, reason: "cannot be written (\(String(cString: strerror(errno))))")
        }
    }

    public static func load(from path: String) throws -> MLP {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(path: path, offset: 0, reason: "cannot be read")
        }
        return try decode([UInt8](data), path: path)
    }

    private static func variantCode(_ v: ModelVariant) -> UInt32 {
        switch v {
        case .fp32: 0
        case .int8: 1
        case .pruned: 2
        }
    }

    static func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}

private struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }
    mutating func string(_ s: String) {
        u32(UInt32(s.utf8.count))
        bytes += Array(s.utf8)
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    let path: String
    var offset = 0
    var end: Int

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        end = bytes.count
    }

    func error(_ reason: String) -> ModelFileError { ModelFileError(path: path, offset: offset, reason: reason) }

    mutating func take(_ n: Int) throws(ModelFileError) -> [UInt8] {
        guard n >= 0, end - offset >= n else { throw error("truncated: needs \(n) more bytes") }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    mutating func u32() throws(ModelFileError) -> UInt32 {
        let b = try take(4)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    mutating func f32s(_ n: Int) throws(ModelFileError) -> [Float] {
        guard end - offset >= 4 * n else { throw error("truncated: needs \(4 * n) more bytes") }
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n { out[i] = Float(bitPattern: try u32()) }
        return out
    }

    mutating func string() throws(ModelFileError) -> String {
        let n = Int(try u32())
        guard n <= 1024 else { throw error("implausible string length \(n)") }
        guard let s = String(validating: try take(n), as: UTF8.self) else { throw error("string is not UTF-8") }
        return s
    }
}
