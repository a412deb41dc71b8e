import BenchStats
/// Seeded minibatch SGD with momentum for the MLP: softmax cross-entropy, He initialisation,
/// a fixed visiting order per epoch drawn from the seed. Single-threaded and in a fixed
/// operation order, so the same seed gives bit-identical weights on the same machine.
public struct TrainingConfiguration: Sendable, Equatable {
    public var seed: UInt64 = 7
    public var widths = [64, 128, 64, 10]
    public var epochs = 12
    public var batchSize = 32
    public var learningRate: Float = 0.05
    public var momentum: Float = 0.9
    public var weightDecay: Float = 1e-4
    public init() {}
}

struct Trainer {
    var weights: [[Float]]   // per layer: inputs × outputs
    var biases: [[Float]]
    /// Per layer, 1 where a weight may be non-zero (pruning), nil for dense training.
    var masks: [[Float]]?
    let widths: [Int]

    init(configuration: TrainingConfiguration) {
        widths = configuration.widths
        var rng = SplitMix64(seed: configuration.seed)
        weights = []
        biases = []
        for l in 0..<(widths.count - 1) {
            let std = (2.0 / Double(widths[l])).squareRoot()
            weights.append((0..<(widths[l] * widths[l + 1])).map { _ in Float(rng.normal() * std) })
            biases.append([Float](repeating: 0, count: widths[l + 1]))
        }
    }

    init(model: MLP) {
        widths = model.widths
        weights = model.layers.map { layer in
            guard case .dense(let w) = layer.weights else { return [] }
            return w
        }
        biases = model.layers.map(\.bias)
    }

    func model(name: String) -> MLP {
        let layers = (0..<weights.count).map { l in
            DenseLayer(inputs: widths[l], outputs: widths[l + 1], weights: .dense(weights[l]), bias: biases[l],
                       relu: l < weights.count - 1)
        }
        return MLP(name: name, variant: .fp32, layers: layers)
    }

    /// Runs `epochs` epochs over the data with the configuration's optimiser settings.
    mutating func train(x: [Float], y: [Int], epochs: Int, configuration: TrainingConfiguration, orderSeed: UInt64) {
        let n = y.count
        let f = widths[0]
        let layerCount = weights.count
        var velocityW = weights.map { [Float](repeating: 0, count: $0.count) }
        var velocityB = biases.map { [Float](repeating: 0, count: $0.count) }
        var rng = SplitMix64(seed: orderSeed)
        var order = Array(0..<n)
        let batch = configuration.batchSize
        for epoch in 0..<epochs {
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            // Cosine decay of the step size over the run.
            let lr = configuration.learningRate * Float(0.5 * (1 + cosDouble(Double.pi * Double(epoch) / Double(epochs))))
            var start = 0
            while start < n {
                let rows = min(batch, n - start)
                var input = [Float](repeating: 0, count: rows * f)
                var labels = [Int](repeating: 0, count: rows)
                for r in 0..<rows {
                    let s = order[start + r]
                    for d in 0..<f { input[r * f + d] = x[s * f + d] }
                    labels[r] = y[s]
                }
                // Forward, keeping each layer's output.
                var activations = [input]
                for l in 0..<layerCount {
                    var z = [Float](repeating: 0, count: rows * widths[l + 1])
                    activations[l].withUnsafeBufferPointer { a in
                        weights[l].withUnsafeBufferPointer { w in
                            z.withUnsafeMutableBufferPointer { zp in
                                LayerMath.matmul(a.baseAddress!, w.baseAddress!, zp.baseAddress!, m: rows, n: widths[l + 1], k: widths[l])
                            }
                        }
                    }
                    let width = widths[l + 1]
                    for r in 0..<rows {
                        for j in 0..<width {
                            let v = z[r * width + j] + biases[l][j]
                            z[r * width + j] = l < layerCount - 1 ? max(v, 0) : v
                        }
                    }
                    activations.append(z)
                }
                // Softmax cross-entropy gradient.
                let classes = widths[layerCount]
                var delta = activations[layerCount]
                for r in 0..<rows {
                    var m = -Float.infinity
                    for j in 0..<classes { m = max(m, delta[r * classes + j]) }
                    var sum: Float = 0
                    for j in 0..<classes {
                        delta[r * classes + j] = expfFloat(delta[r * classes + j] - m)
                        sum += delta[r * classes + j]
                    }
                    for j in 0..<classes { delta[r * classes + j] /= sum * Float(rows) }
                    delta[r * classes + labels[r]] -= 1 / Float(rows)
                }
                // Backward.
                for l in stride(from: layerCount - 1, through: 0, by: -1) {
                    let inW = widths[l], outW = widths[l + 1]
                    var gradW = [Float](repeating: 0, count: inW * outW)
                    activations[l].withUnsafeBufferPointer { a in
                        delta.withUnsafeBufferPointer { d in
                            gradW.withUnsafeMutableBufferPointer { g in
                                LayerMath.matmulTransposedA(a.baseAddress!, d.baseAddress!, g.baseAddress!, m: inW, n: outW, k: rows)
                            }
                        }
                    }
                    var gradB = [Float](repeating: 0, count: outW)
                    for r in 0..<rows { for j in 0..<outW { gradB[j] += delta[r * outW + j] } }
                    if l > 0 {
                        var previous = [Float](repeating: 0, count: rows * inW)
                        delta.withUnsafeBufferPointer { d in
                            weights[l].withUnsafeBufferPointer { w in
                                previous.withUnsafeMutableBufferPointer { p in
                                    LayerMath.matmulTransposedB(d.baseAddress!, w.baseAddress!, p.baseAddress!, m: rows, n: outW, k: inW)
                                }
                            }
                        }
                        let a = activations[l]
                        for i in 0..<(rows * inW) where a[i] <= 0 { previous[i] = 0 }
                        delta = previous
                    }
                    let mu = configuration.momentum, decay = configuration.weightDecay
                    for i in 0..<(inW * outW) {
                        velocityW[l][i] = mu * velocityW[l][i] - lr * (gradW[i] + decay * weights[l][i])
                        weights[l][i] += velocityW[l][i]
                    }
                    if let masks { for i in 0..<(inW * outW) { weights[l][i] *= masks[l][i] } }
                    for j in 0..<outW {
                        velocityB[l][j] = mu * velocityB[l][j] - lr * gradB[j]
                        biases[l][j] += velocityB[l][j]
                    }
                }
                start += rows
            }
        }
    }
}

import Glibc
@inline(__always) func cosDouble(_ x: Double) -> Double { cos(x) }
@inline(__always) func expfFloat(_ x: Float) -> Float { expf(x) }
