/// Weight-only quantized layer on integer dot products, as ONNX Runtime's MatMulNBits runs
/// it with int8 activations (accuracy level 4): each row of activations is quantized per
/// block of k with its own scale, each block's dot product with the weight codes is exact in
/// int32, and the fp32 output sums `scaleA[i, b] · scaleW[b, j] · dot` over the blocks. On
/// VNNI the weights are the unsigned operand (codes biased by +128 or +8, 4-bit codes unpacked
/// inside the kernel), so removing the bias costs one `bias · Σ activations` per row and block;
/// elsewhere portable integer loops give the same sums.
#if KERNELS_AVX512VNNI
import KernelsAVX512
#endif

/// `C[m×n] ≈ A[m×k] · W` for block-quantized W; fp32 in and out. Throws on a size mismatch
/// or a non-finite activation.
public func weightOnlyGemm(m: Int, a: UnsafeBufferPointer<Float>, weights: BlockQuantizedWeights,
                           c: UnsafeMutableBufferPointer<Float>, threads: Int = 1) throws {
    let k = weights.rows, n = weights.cols
    try KernelError.checkLayer("weightOnlyGemm", m: m, k: k, n: n, activations: a.count, outputs: c.count)
    let activations = try BlockQuantizedActivations(a.baseAddress, rows: m, weights: weights)
    guard m > 0, n > 0 else { return }
    #if KERNELS_AVX512VNNI
    if let panels = weights.vnni, Int8Route.selected == .vnni {
        return vnniBlockwise(weights: weights, panels: panels, activations: activations, c: c.baseAddress!, threads: threads)
    }
    #endif
    portableBlockwise(weights: weights, activations: activations, c: c.baseAddress!, threads: threads)
}

/// Rows of activations quantized per block of k, laid out as the weights' packed rows
/// (`paddedWords` words of four codes each), with each block's scale and code sum.
struct BlockQuantizedActivations {
    let rows: Int
    /// Bytes per row: `4 · paddedWords`; row i's code p at byte `i · rowBytes + p`.
    let rowBytes: Int
    let codes: [Int8]
    /// `scales[i * blocks + b]` and `sums[i * blocks + b]` (Σ of the block's codes).
    let scales: [Float]
    let sums: [Int32]

    init(_ a: UnsafePointer<Float>?, rows m: Int, weights: BlockQuantizedWeights) throws {
        let k = weights.rows, blocks = weights.blocks, size = weights.blockSize
        rows = m
        rowBytes = 4 * weights.paddedWords
        var codes = [Int8](repeating: 0, count: m * rowBytes)
        var scales = [Float](repeating: 1, count: m * blocks)
        var sums = [Int32](repeating: 0, count: m * blocks)
        for i in 0..<m {
            for b in 0..<blocks {
                let start = i * k + b * size, length = weights.blockLength(b)
                let scale = try QuantizedActivations.scale(of: UnsafeBufferPointer(start: a.map { $0 + start }, count: length),
                                                           rows: 1, cols: length)
                scales[i * blocks + b] = scale
                var sum: Int32 = 0
                for p in 0..<length {
                    let code = quantize(a![start + p], inverseScale: 1 / scale)
                    codes[i * rowBytes + b * size + p] = code
                    sum += Int32(code)
                }
                sums[i * blocks + b] = sum
            }
        }
        self.codes = codes
        self.scales = scales
        self.sums = sums
    }
}

/// Columns per panel of the blockwise product (the VNNI panel width, on every route).
private let blockwiseColumns = 32

/// The loops shared by the routes: threads split the 32-column panels; per panel, block after
/// block and row after row, `dot(i, b, s, t)` adds row i's int32 dot products with block b of
/// panel s to t[32]; t less `bias` · (the block's activation sum) is scaled into fp32
/// accumulators that stay in L1.
private func blockwiseProduct(weights: BlockQuantizedWeights, activations: BlockQuantizedActivations, bias: Int32,
                              scales: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, threads: Int,
                              dot: (Int, Int, Int, UnsafeMutablePointer<Int32>) -> Void) {
    let m = activations.rows, n = weights.cols, k = weights.rows, blocks = weights.blocks, columns = blockwiseColumns
    let paddedColumns = weights.paddedColumns
    let ranges = splitRange(paddedColumns / columns, parts: usefulThreads(threads, flops: 2 * m * n * k), granule: 1)
    let shared = UnsafeSendable(value: c)
    activations.scales.withUnsafeBufferPointer { activationScales in
        activations.sums.withUnsafeBufferPointer { activationSums in
            parallelFor(parts: ranges.count) { part in
                let c = shared.value
                withAlignedBuffer(of: Float.self, count: m * columns) { acc in
                    withAlignedBuffer(of: Int32.self, count: columns) { sums in
                        for s in ranges[part] {
                            let j0 = s * columns
                            acc.update(repeating: 0, count: m * columns)
                            for b in 0..<blocks {
                                for i in 0..<m {
                                    sums.update(repeating: 0, count: columns)
                                    dot(i, b, s, sums)
                                    let scaleA = FloatVector(repeating: activationScales[i * blocks + b])
                                    let correction = SIMD8<Int32>(repeating: bias &* activationSums[i * blocks + b])
                                    let row = acc + i * columns, scaleW = scales + b * paddedColumns + j0
                                    for v in stride(from: 0, to: columns, by: 8) {
                                        let t = UnsafeRawPointer(sums + v).loadUnaligned(as: SIMD8<Int32>.self) &- correction
                                        let f = FloatVector(Float(t[0]), Float(t[1]), Float(t[2]), Float(t[3]),
                                                            Float(t[4]), Float(t[5]), Float(t[6]), Float(t[7]))
                                        storeVector(loadVector(row + v) + (scaleA * loadVector(scaleW + v)) * f, row + v)
                                    }
                                }
                            }
                            let width = min(columns, n - j0)
                            for i in 0..<m { (c + i * n + j0).update(from: acc + i * columns, count: width) }
                        }
                    }
                }
            }
        }
    }
}

/// Portable route: the dot products in plain integer loops on the codes.
private func portableBlockwise(weights: BlockQuantizedWeights, activations: BlockQuantizedActivations,
                               c: UnsafeMutablePointer<Float>, threads: Int) {
    let n = weights.cols, size = weights.blockSize, rowBytes = activations.rowBytes
    var scales = [Float](repeating: 0, count: weights.blocks * weights.paddedColumns)
    for b in 0..<weights.blocks {
        for j in 0..<n { scales[b * weights.paddedColumns + j] = weights.scales[b * n + j] }
    }
    activations.codes.withUnsafeBufferPointer { codes in
        weights.codes.withUnsafeBufferPointer { w in
            scales.withUnsafeBufferPointer { scales in
                let (codes, w) = (codes.baseAddress!, w.baseAddress!)
                blockwiseProduct(weights: weights, activations: activations, bias: 0, scales: scales.baseAddress!, c: c,
                                 threads: threads) { i, b, s, sums in
                    let j0 = s * blockwiseColumns, width = min(blockwiseColumns, n - j0)
                    for p in (b * size)..<(b * size + weights.blockLength(b)) {
                        let x = Int32(codes[i * rowBytes + p]), row = w + p * n + j0
                        for j in 0..<width { sums[j] &+= x &* Int32(row[j]) }
                    }
                }
            }
        }
    }
}

#if KERNELS_AVX512VNNI
/// VNNI route: the unsigned-weight row kernels on the packed panels (see `VNNIPanels`).
private func vnniBlockwise(weights: BlockQuantizedWeights, panels: VNNIPanels, activations: BlockQuantizedActivations,
                           c: UnsafeMutablePointer<Float>, threads: Int) {
    let blockWords = weights.blockSize / 4, rowWords = activations.rowBytes / 4, bits = weights.bits
    activations.codes.withUnsafeBufferPointer { codes in
        panels.bytes.withUnsafeBufferPointer { bytes in
            panels.paddedScales.withUnsafeBufferPointer { scales in
                let words = UnsafeRawPointer(codes.baseAddress!).assumingMemoryBound(to: UInt32.self)
                let base = UnsafeRawPointer(bytes.baseAddress!)
                blockwiseProduct(weights: weights, activations: activations, bias: Int32(1 << (bits - 1)),
                                 scales: scales.baseAddress!, c: c, threads: threads) { i, b, s, sums in
                    let a = words + i * rowWords + b * blockWords
                    let block = base + s * panels.panelBytes + b * blockWords * VNNIPanels.columns * bits / 2
                    if bits == 4 {
                        vnniNibbleRowKernel(groups: weights.blockWords(b), a: a, b: block, c: UnsafeMutableRawPointer(sums))
                    } else {
                        vnniUnsignedWeightsRowKernel(groups: weights.blockWords(b), a: a, b: block, c: UnsafeMutableRawPointer(sums))
                    }
                }
            }
        }
    }
}
#endif
