/// The three weight representations of the reference model's variants.
public enum ModelVariant: String, CaseIterable, Codable, Sendable {
    /// Dense fp32 weights.
    case fp32
    /// int8 weights with one fp32 scale per output (symmetric); activations quantized per row at run time.
    case int8
    /// ~90% of the weights removed by magnitude pruning, then fine-tuned; stored in CSR form.
    case pruned
}

/// The weights of one layer.
enum LayerWeights: Sendable, Equatable {
    /// Row-major inputs × outputs.
    case dense([Float])
    /// Row-major inputs × outputs int8 values, with one scale per output.
    case int8(values: [Int8], scales: [Float])
    /// Sparse outputs × inputs (the transposed weight matrix) in CSR form.
    case sparse(CSRMatrix)
}

/// One fully connected layer: y = act(x · W + b).
struct DenseLayer: Sendable, Equatable {
    var inputs: Int
    var outputs: Int
    var weights: LayerWeights { didSet { packed = Self.pack(weights, inputs: inputs, outputs: outputs) } }
    var bias: [Float]
    var relu: Bool
    /// Dense weights packed once for the fp32 GEMM, as a server does when it loads a model
    /// (nil for int8 and sparse weights).
    private(set) var packed: PackedWeights?

    init(inputs: Int, outputs: Int, weights: LayerWeights, bias: [Float], relu: Bool) {
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
        self.relu = relu
        packed = Self.pack(weights, inputs: inputs, outputs: outputs)
    }

    private static func pack(_ weights: LayerWeights, inputs: Int, outputs: Int) -> PackedWeights? {
        guard case .dense(let w) = weights else { return nil }
        return PackedWeights(w, rows: inputs, cols: outputs)
    }

    /// Applies the layer to `rows` rows.
    func forward(_ x: [Float], rows: Int) -> [Float] {
        var y = [Float](repeating: 0, count: rows * outputs)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                let xb = xp.baseAddress!, yb = yp.baseAddress!
                switch weights {
                case .dense:
                    if let packed { sgemm(m: rows, a: xb, weights: packed, c: yb) }
                case .int8(let values, let scales):
                    values.withUnsafeBufferPointer { v in
                        scales.withUnsafeBufferPointer { s in
                            LayerMath.int8Matmul(xb, rows: rows, inputs: inputs, outputs: outputs,
                                                 weights: v.baseAddress!, scales: s.baseAddress!, y: yb)
                        }
                    }
                case .sparse(let matrix):
                    LayerMath.csrMatmul(xb, rows: rows, inputs: inputs, outputs: outputs, weights: matrix, y: yb)
                }
                for r in 0..<rows {
                    let row = yb + r * outputs
                    for j in 0..<outputs {
                        let v = row[j] + bias[j]
                        row[j] = relu ? max(v, 0) : v
                    }
                }
            }
        }
        return y
    }

    /// Stored weights that are not zero.
    var nonZeroWeights: Int {
        switch weights {
        case .dense(let w): w.filter { $0 != 0 }.count
        case .int8(let v, _): v.filter { $0 != 0 }.count
        case .sparse(let m): m.nonzeroCount
        }
    }
}

/// A multi-layer perceptron classifier with ReLU hidden layers and a softmax output.
public struct MLP: ServableModel, Equatable {
    public var name: String
    public var version: String
    public let variant: ModelVariant
    var layers: [DenseLayer]

    init(name: String, version: String = "1", variant: ModelVariant, layers: [DenseLayer]) {
        self.name = name
        self.version = version
        self.variant = variant
        self.layers = layers
    }

    public var featureCount: Int { layers.first?.inputs ?? 0 }
    public var classCount: Int { layers.last?.outputs ?? 0 }
    /// Layer widths, e.g. [64, 128, 64, 10].
    public var widths: [Int] { [featureCount] + layers.map(\.outputs) }
    /// Fraction of weights that are zero.
    public var sparsity: Double {
        let total = layers.reduce(0) { $0 + $1.inputs * $1.outputs }
        let nonZero = layers.reduce(0) { $0 + $1.nonZeroWeights }
        return total == 0 ? 0 : 1 - Double(nonZero) / Double(total)
    }

    /// Raw scores (before softmax) for `rows` rows.
    public func logits(_ input: [Float], rows: Int) -> [Float] {
        var x = input
        for layer in layers { x = layer.forward(x, rows: rows) }
        return x
    }

    public func probabilities(_ input: [Float], rows: Int) -> [Float] {
        var z = logits(input, rows: rows)
        let c = classCount
        for r in 0..<rows {
            var m = -Float.infinity
            for j in 0..<c { m = max(m, z[r * c + j]) }
            var sum: Float = 0
            for j in 0..<c {
                let e = expf(z[r * c + j] - m)
                z[r * c + j] = e
                sum += e
            }
            for j in 0..<c { z[r * c + j] /= sum }
        }
        return z
    }

    /// The most probable class of each row.
    public func predict(_ input: [Float], rows: Int) -> [Int] {
        let z = logits(input, rows: rows)
        let c = classCount
        return (0..<rows).map { r in
            var best = 0
            for j in 1..<c where z[r * c + j] > z[r * c + best] { best = j }
            return best
        }
    }
}

import Glibc
import Kernels
