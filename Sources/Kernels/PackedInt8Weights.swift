/// int8 weights packed once, at load, for the integer int8 GEMM: the panels of the route
/// this process runs (VNNI: 32 columns, four k values per word; AVX2: 16 columns, two), the
/// driver's k blocks back to back (as for fp32, `PackedWeights`), with Σ_p W[p, j] per column
/// for the VNNI activation bias, so a call quantizes its activations and multiplies, nothing
/// else. At m = 1 the row kernel streams the whole array front to back.

/// Quantized weights (k×n) in the packed layout of this process's int8 route.
public final class PackedInt8Weights: @unchecked Sendable {
    /// k: the input dimension.
    public var rows: Int { weights.rows }
    /// n: the output dimension.
    public var cols: Int { weights.cols }
    /// The codes and scales these were packed from (the fp32 route of builds without AVX2
    /// multiplies them directly).
    public let weights: QuantizedWeights
    /// The route the panels were packed for.
    let route: Int8Route
    /// Per-column scales, `cols` entries whatever the granularity.
    let columnScales: [Float]
    /// k blocks of `Int8Blocking.kc` rows, each ⌈n/NR⌉ panels of its words × NR (empty on
    /// the fp32 route); immutable after init.
    var panels: UnsafeMutablePointer<UInt32> { panelStorage.pointer }
    /// Σ_p W[p, j] for every column, padded to whole panels.
    var columnSums: UnsafeMutablePointer<Int32> { sumStorage.pointer }
    private let panelStorage: WeightBuffer<UInt32>
    private let sumStorage: WeightBuffer<Int32>

    /// Packs `weights` for the route this process runs.
    public convenience init(_ weights: QuantizedWeights) {
        self.init(weights, route: .selected)
    }

    /// Packs `weights` for `route` (tests pack for every route this CPU has).
    init(_ weights: QuantizedWeights, route: Int8Route) {
        self.weights = weights
        self.route = route
        columnScales = weights.columnScales
        let (columns, words) = Self.panelShape(route, k: weights.rows, n: weights.cols)
        panelStorage = WeightBuffer(zeroed: words)
        sumStorage = WeightBuffer(zeroed: columns)
        guard weights.rows > 0, weights.cols > 0 else { return }
        switch route {
        #if KERNELS_AVX2
        case .avx2: pack(Int8OnAVX2.self, paddedColumns: columns)
        #else
        case .viaFloat: break
        #endif
        #if KERNELS_AVX512VNNI
        case .vnni: pack(Int8OnVNNI.self, paddedColumns: columns)
        #endif
        }
    }

    #if KERNELS_AVX2
    private func pack<I: Int8Instructions>(_: I.Type, paddedColumns: Int) {
        weights.values.withUnsafeBufferPointer { w in
            for pc in stride(from: 0, to: rows, by: Int8Blocking.kc) {
                let (block, _) = packedInt8Block(I.self, panels: panels, paddedColumns: paddedColumns, pc: pc,
                                                 kc: min(Int8Blocking.kc, rows - pc), j0: 0)
                packInt8B(I.self, kc: min(Int8Blocking.kc, rows - pc), nc: cols, b: w.baseAddress! + pc * cols, ldb: cols,
                          into: UnsafeMutablePointer(mutating: block), columnSums: columnSums)
            }
        }
    }
    #endif

    /// Columns padded to whole panels, and words of all panels, on `route`.
    private static func panelShape(_ route: Int8Route, k: Int, n: Int) -> (columns: Int, words: Int) {
        switch route {
        #if KERNELS_AVX2
        case .avx2: return (roundUp(n, Int8OnAVX2.tileColumns), roundUp(n, Int8OnAVX2.tileColumns) * Int8OnAVX2.groups(k))
        #else
        case .viaFloat: return (n, 0)
        #endif
        #if KERNELS_AVX512VNNI
        case .vnni: return (roundUp(n, Int8OnVNNI.tileColumns), roundUp(n, Int8OnVNNI.tileColumns) * Int8OnVNNI.groups(k))
        #endif
        }
    }

    #if KERNELS_AVX2
    /// The panels as a source of B for the driver.
    func source<I: Int8Instructions>(_: I.Type) -> Int8BSource {
        .packed(panels: panels, paddedColumns: roundUp(cols, I.tileColumns), columnSums: columnSums, firstColumn: 0)
    }
    #endif
}

/// Quantized layer `C[m×n] ≈ A[m×k] · W` for weights packed at load: activations quantized
/// dynamically (per tensor), int32 accumulation, fp32 output; m = 1 runs the integer row
/// kernel. Throws on a size mismatch or non-finite activations.
public func int8Gemm(m: Int, a: UnsafeBufferPointer<Float>, weights: PackedInt8Weights, c: UnsafeMutableBufferPointer<Float>,
                     threads: Int = 1) throws {
    let k = weights.rows, n = weights.cols
    guard c.count == m * n else {
        throw KernelError.shapeMismatch(what: "int8Gemm output \(m)x\(n)", expected: m * n, actual: c.count)
    }
    try weights.columnScales.withUnsafeBufferPointer { scales in
        switch weights.route {
        #if KERNELS_AVX2
        case .avx2:
            try int8PackedLayer(Int8OnAVX2.self, m: m, k: k, n: n, a: a, weights: weights, scales: scales.baseAddress!, c: c,
                                threads: threads)
        #else
        case .viaFloat:
            try int8Gemm(m: m, a: a, weights: weights.weights, c: c, threads: threads, route: .viaFloat)
        #endif
        #if KERNELS_AVX512VNNI
        case .vnni:
            try int8PackedLayer(Int8OnVNNI.self, m: m, k: k, n: n, a: a, weights: weights, scales: scales.baseAddress!, c: c,
                                threads: threads)
        #endif
        }
    }
}

#if KERNELS_AVX2
/// The packed quantized layer on `I`: the row kernel for m = 1, the blocked driver otherwise.
private func int8PackedLayer<I: Int8Instructions>(_: I.Type, m: Int, k: Int, n: Int, a: UnsafeBufferPointer<Float>,
                                                  weights: PackedInt8Weights, scales: UnsafePointer<Float>,
                                                  c: UnsafeMutableBufferPointer<Float>, threads: Int) throws {
    guard m == 1, k > 0, n > 0 else {
        return try int8QuantizedProduct(I.self, m: m, k: k, n: n, a: a, b: weights.source(I.self), columnScales: scales, c: c,
                                        threads: threads)
    }
    let scale = try QuantizedActivations.scale(of: a, rows: 1, cols: k)
    withAlignedBuffer(of: UInt32.self, count: I.groups(k)) { words in
        quantizeAndPackA(I.self, m: 1, k: k, x: a.baseAddress!, inverseScale: 1 / scale, panelRows: 1, into: words)
        int8PackedGemv(I.self, n: n, k: k, words: words, weights: weights, scales: scales, activationScale: scale,
                       c: c.baseAddress!, threads: threads)
    }
}

/// c[n] = activationScale · scales[j] · (a · W)[j] for one row of packed activation words:
/// per thread a part of the panels, k block after k block, summed by the row kernel into
/// int32 sums that stay in L1, then rescaled.
func int8PackedGemv<I: Int8Instructions>(_: I.Type, n: Int, k: Int, words: UnsafePointer<UInt32>, weights: PackedInt8Weights,
                                         scales: UnsafePointer<Float>, activationScale: Float, c: UnsafeMutablePointer<Float>,
                                         threads: Int) {
    let columns = I.tileColumns, paddedColumns = roundUp(n, columns)
    let ranges = splitRange(paddedColumns / columns, parts: usefulThreads(threads, flops: 2 * n * k), granule: 2)
    let shared = UnsafeSendable(value: (words, scales, c))
    parallelFor(parts: ranges.count) { part in
        let (words, scales, c) = shared.value
        let r = ranges[part]
        withAlignedBuffer(of: Int32.self, count: r.count * columns) { sums in
            sums.update(repeating: 0, count: r.count * columns)
            for pc in stride(from: 0, to: k, by: Int8Blocking.kc) {
                let kc = min(Int8Blocking.kc, k - pc)
                let (block, panelWords) = packedInt8Block(I.self, panels: weights.panels, paddedColumns: paddedColumns, pc: pc,
                                                          kc: kc, j0: r.lowerBound * columns)
                for s in 0..<r.count {
                    I.rowKernel(groups: I.groups(kc), a: words + pc / I.wordK, b: UnsafeRawPointer(block + s * panelWords),
                                c: UnsafeMutableRawPointer(sums + s * columns))
                }
            }
            let j0 = r.lowerBound * columns
            for j in 0..<(min(n, r.upperBound * columns) - j0) {
                let sum = sums[j] &- I.activationBias &* weights.columnSums[j0 + j]
                c[j0 + j] = Float(sum) * (scales[j0 + j] * activationScale)
            }
        }
    }
}
#endif
