/// Symmetric int8 quantization: x ≈ scale · q with q in [-127, 127] and no zero point, so
/// dequantized products are `scaleA · scaleW · Σ qa·qw` and the sum needs no correction terms.

/// How many scales a weight matrix gets.
public enum QuantizationGranularity: String, Sendable, CaseIterable {
    /// One scale for the whole matrix.
    case perTensor
    /// One scale per output channel (column of the k×n weight matrix).
    case perChannel
}

/// The largest magnitude a symmetric int8 code takes (-128 is left unused so the range is symmetric).
let int8Limit: Float = 127

/// Scale that maps `maxAbs` to 127; 1 for an all-zero range, so zeros stay zeros.
@inline(__always)
func symmetricScale(maxAbs: Float) -> Float { maxAbs > 0 ? maxAbs / int8Limit : 1 }

@inline(__always)
func quantize(_ x: Float, inverseScale: Float) -> Int8 {
    Int8(max(-int8Limit, min(int8Limit, (x * inverseScale).rounded(.toNearestOrEven))))
}

/// Weights of a layer `C[m×n] = A[m×k] · W[k×n]` quantized to int8, row-major k×n.
public struct QuantizedWeights: Sendable, Equatable {
    /// k: the input dimension.
    public let rows: Int
    /// n: the output dimension (channels).
    public let cols: Int
    public let granularity: QuantizationGranularity
    /// Row-major k×n codes in [-127, 127].
    public let values: [Int8]
    /// `cols` scales (per channel) or one (per tensor).
    public let scales: [Float]

    /// Quantizes row-major k×n fp32 `weights`; throws on a size mismatch or a non-finite weight.
    public init(weights: [Float], rows: Int, cols: Int, granularity: QuantizationGranularity) throws {
        try KernelError.checkWeights(weights, rows: rows, cols: cols, what: "QuantizedWeights")
        var maxAbs = [Float](repeating: 0, count: granularity == .perChannel ? cols : 1)
        for p in 0..<rows {
            for j in 0..<cols {
                let slot = granularity == .perChannel ? j : 0
                maxAbs[slot] = max(maxAbs[slot], abs(weights[p * cols + j]))
            }
        }
        let scales = maxAbs.map(symmetricScale)
        var values = [Int8](repeating: 0, count: rows * cols)
        for p in 0..<rows {
            for j in 0..<cols {
                let scale = scales[granularity == .perChannel ? j : 0]
                values[p * cols + j] = quantize(weights[p * cols + j], inverseScale: 1 / scale)
            }
        }
        self.rows = rows
        self.cols = cols
        self.granularity = granularity
        self.values = values
        self.scales = scales
    }

    /// Quantizes a k×n `Matrix`.
    public init(_ matrix: Matrix, granularity: QuantizationGranularity) throws {
        try self.init(weights: matrix.values, rows: matrix.rows, cols: matrix.cols, granularity: granularity)
    }

    /// The scale of output channel `column`.
    @inline(__always)
    public func scale(column: Int) -> Float { granularity == .perChannel ? scales[column] : scales[0] }

    /// Per-column scales expanded to `cols` entries, whatever the granularity.
    var columnScales: [Float] { granularity == .perChannel ? scales : [Float](repeating: scales[0], count: cols) }

    /// The fp32 weights these codes stand for (row-major k×n).
    public func dequantized() -> [Float] {
        let perColumn = columnScales
        var out = [Float](repeating: 0, count: values.count)
        for p in 0..<rows {
            for j in 0..<cols { out[p * cols + j] = Float(values[p * cols + j]) * perColumn[j] }
        }
        return out
    }
}

/// Activations quantized dynamically (scale from this batch's own range) to int8, per tensor.
public struct QuantizedActivations: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    /// Row-major codes in [-127, 127], held as integer-valued Float: the form the fp32 route
    /// of the int8 kernels consumes (see Int8ViaFloat.swift), so no conversion pass is needed.
    public let codes: [Float]
    public let scale: Float

    /// The codes as Int8.
    public var values: [Int8] { codes.map { Int8($0) } }

    /// Quantizes row-major `rows`×`cols` fp32 activations with one scale (max |x| / 127).
    public init(_ activations: UnsafeBufferPointer<Float>, rows: Int, cols: Int) throws {
        let scale = try Self.scale(of: activations, rows: rows, cols: cols)
        let count = activations.count
        let inverse = 1 / scale
        self.rows = rows
        self.cols = cols
        self.scale = scale
        codes = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            if let x = activations.baseAddress, let q = out.baseAddress {
                quantizeCodes(x, count: count, inverseScale: inverse, into: q)
            }
            initialized = count
        }
    }

    /// The dynamic scale (max |x| / 127) of row-major `rows`×`cols` activations, rows split
    /// among `threads`; throws on a size mismatch or a non-finite activation.
    static func scale(of activations: UnsafeBufferPointer<Float>, rows: Int, cols: Int, threads: Int = 1) throws -> Float {
        guard rows >= 0, cols >= 0, activations.count == rows * cols else {
            throw KernelError.shapeMismatch(what: "activations \(rows)x\(cols)", expected: rows * cols, actual: activations.count)
        }
        let (maxAbs, probe) = activations.baseAddress.map { maxMagnitude($0, rows: rows, cols: cols, threads: threads) } ?? (0, 0)
        // x · 0 is NaN exactly when x is NaN or infinite.
        if probe.isNaN, let bad = activations.firstIndex(where: { !$0.isFinite }) {
            throw KernelError.invalidArgument(what: "activation at row \(bad / max(cols, 1)), column \(bad % max(cols, 1))",
                                              value: "\(activations[bad])", expected: "a finite value")
        }
        return symmetricScale(maxAbs: maxAbs)
    }
}

/// Lane-wise maximum and minimum as one `vmaxps`/`vminps` (the stdlib's generic
/// pointwiseMax/pointwiseMin stay out-of-line calls).
@inline(__always)
func lanewiseMax(_ x: FloatVector, _ y: FloatVector) -> FloatVector { x.replacing(with: y, where: y .> x) }

@inline(__always)
func lanewiseMin(_ x: FloatVector, _ y: FloatVector) -> FloatVector { x.replacing(with: y, where: y .< x) }

/// (max |x|, Σ x·0) over `count` floats; the second is NaN iff some x is NaN or infinite.
func maxMagnitude(_ x: UnsafePointer<Float>, count: Int) -> (Float, Float) {
    var maxAbs = FloatVector(), probe = FloatVector()
    let vectorEnd = count & ~7
    for i in stride(from: 0, to: vectorEnd, by: 8) {
        let v = loadVector(x + i)
        maxAbs = lanewiseMax(maxAbs, lanewiseMax(v, -v))
        probe += v * 0
    }
    var tailMax = maxAbs.max(), tailProbe = probe.sum()
    for i in vectorEnd..<count {
        tailMax = max(tailMax, abs(x[i]))
        tailProbe += x[i] * 0
    }
    return (tailMax, tailProbe)
}

/// `maxMagnitude` of row-major rows×cols values, rows split among `threads`: the pass is
/// bound by memory (4 MiB for a 1024×1024 batch), 4% of a one-thread 1024³ int8 product's
/// samples in `perf record`, which serial would be 8% of the two-thread time.
func maxMagnitude(_ x: UnsafePointer<Float>, rows: Int, cols: Int, threads: Int) -> (Float, Float) {
    let ranges = splitRange(rows, parts: usefulThreads(threads, flops: rows * cols), granule: 1)
    guard ranges.count > 1 else { return maxMagnitude(x, count: rows * cols) }
    return withUnsafeTemporaryAllocation(of: (Float, Float).self, capacity: ranges.count) { results in
        let shared = UnsafeSendable(value: results.baseAddress!)
        parallelFor(parts: ranges.count) { part in
            let r = ranges[part]
            (shared.value + part).initialize(to: maxMagnitude(x + r.lowerBound * cols, count: r.count * cols))
        }
        return results.reduce((0, 0)) { (max($0.0, $1.0), $0.1 + $1.1) }
    }
}

/// q[i] = clamp(round(x[i] · inverseScale), ±127) as integer-valued floats.
func quantizeCodes(_ x: UnsafePointer<Float>, count: Int, inverseScale: Float, into q: UnsafeMutablePointer<Float>) {
    let inverse = FloatVector(repeating: inverseScale)
    let low = FloatVector(repeating: -int8Limit), high = FloatVector(repeating: int8Limit)
    let vectorEnd = count & ~7
    for i in stride(from: 0, to: vectorEnd, by: 8) {
        let code = (loadVector(x + i) * inverse).rounded(.toNearestOrEven)
        storeVector(lanewiseMin(high, lanewiseMax(low, code)), q + i)
    }
    for i in vectorEnd..<count { q[i] = Float(quantize(x[i], inverseScale: inverseScale)) }
}
