/// Weight-only quantized layer on integer dot products, as ONNX Runtime's MatMulNBits runs
/// it with int8 activations (accuracy level 4): each row of activations is quantized per
/// block of k with its own scale, each block's dot product with the weight codes is exact in
/// int32, and the fp32 output sums `scaleA[i, b] · scaleW[b, j] · dot` over the blocks. On
/// VNNI the weights are the unsigned operand (codes biased by +128 or +8, 4-bit codes unpacked
/// inside the kernel), so removing the bias costs one `bias · Σ activations` per row and block;
/// elsewhere portable integer loops give the same sums and the same floats.
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

/// Portable route: per 32-column panel (threads split the panels), block after block and
/// row after row, the exact int32 dot products in plain loops, scaled into fp32 sums as the
/// VNNI kernel does (multiply, then add).
private func portableBlockwise(weights: BlockQuantizedWeights, activations: BlockQuantizedActivations,
                               c: UnsafeMutablePointer<Float>, threads: Int) {
    let m = activations.rows, n = weights.cols, k = weights.rows, blocks = weights.blocks, size = weights.blockSize
    let columns = 32, rowBytes = activations.rowBytes
    let ranges = splitRange((n + columns - 1) / columns, parts: usefulThreads(threads, flops: 2 * m * n * k), granule: 1)
    activations.codes.withUnsafeBufferPointer { codes in
        weights.codes.withUnsafeBufferPointer { w in
            let shared = UnsafeSendable(value: (codes.baseAddress!, w.baseAddress!, c))
            parallelFor(parts: ranges.count) { part in
                let (codes, w, c) = shared.value
                var sums = [Int32](repeating: 0, count: columns)
                for s in ranges[part] {
                    let j0 = s * columns, width = min(columns, n - j0)
                    for i in 0..<m {
                        let row = c + i * n + j0
                        row.update(repeating: 0, count: width)
                        for b in 0..<blocks {
                            for j in 0..<width { sums[j] = 0 }
                            for p in (b * size)..<(b * size + weights.blockLength(b)) {
                                let x = Int32(codes[i * rowBytes + p]), weightRow = w + p * n + j0
                                for j in 0..<width { sums[j] &+= x &* Int32(weightRow[j]) }
                            }
                            let scaleA = activations.scales[i * blocks + b]
                            for j in 0..<width { row[j] += (scaleA * weights.scales[b * n + j0 + j]) * Float(sums[j]) }
                        }
                    }
                }
            }
        }
    }
}

#if KERNELS_AVX512VNNI
/// VNNI route: `vnniBlockwiseKernel` on up to four rows at a time per 32-column panel over
/// all of k (each weight vector loaded serves every row; the panel, 128 KiB of 8-bit codes at
/// k = 4096, stays in L2 for the next rows); threads split the panels.
private func vnniBlockwise(weights: BlockQuantizedWeights, panels: VNNIPanels, activations: BlockQuantizedActivations,
                           c: UnsafeMutablePointer<Float>, threads: Int) {
    let m = activations.rows, n = weights.cols, k = weights.rows, blocks = weights.blocks, columns = VNNIPanels.columns
    let rowWords = activations.rowBytes / 4, bias = Int32(1 << (weights.bits - 1))
    let corrections = activations.sums.map { bias &* $0 }
    let ranges = splitRange(weights.paddedColumns / columns, parts: usefulThreads(threads, flops: 2 * m * n * k), granule: 1)
    let bytes = panels.bytes.pointer
    activations.codes.withUnsafeBufferPointer { codes in
        activations.scales.withUnsafeBufferPointer { activationScales in
            corrections.withUnsafeBufferPointer { corrections in
                panels.panelScales.withUnsafeBufferPointer { scales in
                    let shared = UnsafeSendable(value: (UnsafeRawPointer(codes.baseAddress!).assumingMemoryBound(to: UInt32.self),
                                                        activationScales.baseAddress!, corrections.baseAddress!,
                                                        UnsafeRawPointer(bytes), scales.baseAddress!, c))
                    parallelFor(parts: ranges.count) { part in
                        let (words, activationScales, corrections, base, scales, c) = shared.value
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: rowsPerCall * columns) { tile in
                            for s in ranges[part] {
                                let j0 = s * columns, width = min(columns, n - j0)
                                for i0 in stride(from: 0, to: m, by: rowsPerCall) {
                                    let rows = min(rowsPerCall, m - i0)
                                    vnniBlockwiseKernel(
                                        rows: rows, bits: weights.bits, blocks: blocks, blockWords: weights.blockSize / 4,
                                        lastBlockWords: weights.blockWords(blocks - 1), a: words + i0 * rowWords,
                                        aRowWords: rowWords, aScales: activationScales + i0 * blocks,
                                        corrections: corrections + i0 * blocks, b: base + s * panels.panelBytes,
                                        wScales: scales + s * blocks * columns, scaleStride: columns, c: tile.baseAddress!,
                                        ldc: columns)
                                    for i in 0..<rows {
                                        (c + (i0 + i) * n + j0).update(from: tile.baseAddress! + i * columns, count: width)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Rows per call of `vnniBlockwiseKernel` (its limit: four rows' accumulators fill the zmm registers).
private let rowsPerCall = 4
#endif
