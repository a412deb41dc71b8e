/// Weight-only quantization in blocks along k, as ONNX Runtime's MatMulNBits stores weights:
/// the `blockSize` consecutive k values of one column share a scale, and codes are symmetric
/// 8-bit ([-127, 127]) or 4-bit ([-7, 7]). Finer scales than one per column keep 4 bits
/// usable; the product (BlockwiseGEMM.swift) quantizes activations per block too, so each
/// block is one exact int8 dot product.

/// Weights (k×n) quantized per block of k, with their VNNI panels when this process runs VNNI.
public final class BlockQuantizedWeights: @unchecked Sendable {
    /// k: the input dimension.
    public let rows: Int
    /// n: the output dimension.
    public let cols: Int
    /// Bits per code: 8 or 4.
    public let bits: Int
    /// k values per block (a multiple of 8).
    public let blockSize: Int
    /// Row-major k×n codes in [-limit, limit].
    public let codes: [Int8]
    /// `scales[b * cols + j]`: the scale of block b of column j.
    public let scales: [Float]
    /// The panels of the VNNI route, or nil when this process runs another route.
    private(set) var vnni: VNNIPanels?

    /// The block sizes and bit widths accepted.
    public static let blockSizes = [32, 64, 128, 256]
    public static let bitWidths = [4, 8]

    /// Quantizes row-major k×n fp32 `weights`; throws on a size mismatch, a non-finite weight,
    /// or an unsupported bit width or block size.
    public convenience init(weights: [Float], rows: Int, cols: Int, bits: Int, blockSize: Int) throws {
        try self.init(weights: weights, rows: rows, cols: cols, bits: bits, blockSize: blockSize, packForVNNI: Int8Route.selected.isa == "avx512vnni")
    }

    /// Quantizes a k×n `Matrix`.
    public convenience init(_ matrix: Matrix, bits: Int, blockSize: Int) throws {
        try self.init(weights: matrix.values, rows: matrix.rows, cols: matrix.cols, bits: bits, blockSize: blockSize)
    }

    /// Quantizes, and packs VNNI panels when `packForVNNI` (tests run both routes).
    init(weights: [Float], rows: Int, cols: Int, bits: Int, blockSize: Int, packForVNNI: Bool) throws {
        guard Self.bitWidths.contains(bits) else {
            throw KernelError.invalidArgument(what: "bits", value: "\(bits)", expected: "4 or 8")
        }
        guard Self.blockSizes.contains(blockSize) else {
            throw KernelError.invalidArgument(what: "block size", value: "\(blockSize)", expected: "one of \(Self.blockSizes)")
        }
        try KernelError.checkWeights(weights, rows: rows, cols: cols, what: "BlockQuantizedWeights")
        let limit = Float((1 << (bits - 1)) - 1)
        let blocks = (rows + blockSize - 1) / blockSize
        var scales = [Float](repeating: 1, count: blocks * cols)
        var codes = [Int8](repeating: 0, count: rows * cols)
        for b in 0..<blocks {
            let rowRange = (b * blockSize)..<min(rows, (b + 1) * blockSize)
            for j in 0..<cols {
                let maxAbs = rowRange.reduce(Float(0)) { max($0, abs(weights[$1 * cols + j])) }
                let scale = maxAbs > 0 ? maxAbs / limit : 1
                scales[b * cols + j] = scale
                for p in rowRange {
                    codes[p * cols + j] = Int8(max(-limit, min(limit, (weights[p * cols + j] / scale).rounded(.toNearestOrEven))))
                }
            }
        }
        self.rows = rows
        self.cols = cols
        self.bits = bits
        self.blockSize = blockSize
        self.codes = codes
        self.scales = scales
        vnni = nil
        if packForVNNI { vnni = VNNIPanels(self) }
    }

    /// Blocks along k.
    public var blocks: Int { (rows + blockSize - 1) / blockSize }

    /// Rows of k in block b.
    func blockLength(_ b: Int) -> Int { min(rows, (b + 1) * blockSize) - b * blockSize }

    /// Words of four k values in block b, padded to an even count (whole 4-bit pairs).
    func blockWords(_ b: Int) -> Int { roundUp((blockLength(b) + 3) / 4, 2) }

    /// Words of all of k (each block's words padded to even): bytes of a packed row / 4.
    var paddedWords: Int { blocks == 0 ? 0 : (blocks - 1) * blockSize / 4 + blockWords(blocks - 1) }

    /// Columns padded to whole 32-column panels.
    var paddedColumns: Int { roundUp(cols, VNNIPanels.columns) }

    /// The fp32 weights these codes stand for (row-major k×n).
    public func dequantized() -> [Float] {
        (0..<(rows * cols)).map { index in
            Float(codes[index]) * scales[(index / cols / blockSize) * cols + index % cols]
        }
    }
}

/// The codes in the layout of the VNNI row kernels (`vnniUnsignedWeightsRowKernel`,
/// `vnniNibbleRowKernel`): panels of 32 columns, each holding all of k as words of four
/// consecutive k values (one byte each), block after block, every block's words padded to an
/// even count. Codes are biased to unsigned (+128 for 8 bits, +8 for 4 bits). 8-bit panels
/// hold the bytes; 4-bit panels hold two words' bytes in one: byte i of words 2h and 2h + 1
/// of a block share byte i of a 128-byte pair, low and high nibble.
struct VNNIPanels {
    static let columns = 32
    /// Bytes of one panel.
    let panelBytes: Int
    /// The panels, in huge pages when large (`WeightMemory`).
    let bytes: WeightBuffer<UInt8>
    /// Scales panel by panel, as the row kernels read them: panel s holds
    /// `panelScales[(s * blocks + b) * 32 + j % 32]` for its 32 columns, zero past n, so a
    /// panel's scales are one contiguous run (block after block they were 16 KiB apart at
    /// n = 4096, a page each).
    let panelScales: [Float]

    init(_ weights: BlockQuantizedWeights) {
        let columns = Self.columns, cols = weights.cols, bits = weights.bits
        let bias = 1 << (bits - 1)
        panelBytes = weights.paddedWords * columns * bits / 2
        let buffer = WeightBuffer<UInt8>(zeroed: weights.paddedColumns / columns * panelBytes)
        let bytes = buffer.pointer
        var scales = [Float](repeating: 0, count: weights.blocks * weights.paddedColumns)
        for b in 0..<weights.blocks {
            for j in 0..<cols { scales[((j / columns) * weights.blocks + b) * columns + j % columns] = weights.scales[b * cols + j] }
            for p in (b * weights.blockSize)..<(b * weights.blockSize + weights.blockLength(b)) {
                let word = p / 4, q = p % 4
                for j in 0..<cols {
                    let (s, column) = (j / columns, j % columns)
                    let value = UInt8(Int(weights.codes[p * cols + j]) + bias)
                    if bits == 8 {
                        bytes[s * panelBytes + (word * columns + column) * 4 + q] = value
                    } else {
                        let index = s * panelBytes + ((word / 2) * columns + column) * 4 + q
                        bytes[index] |= word % 2 == 0 ? value : value << 4
                    }
                }
            }
        }
        self.bytes = buffer
        panelScales = scales
    }
}
