import Kernels

/// Builds the int8 and pruned variants from a trained fp32 model with the `Kernels` library.
enum Compression {
    /// Symmetric per-output-channel int8 quantization of every layer's weights.
    static func quantize(_ model: MLP) throws -> MLP {
        let layers = try model.layers.map { layer -> DenseLayer in
            guard case .dense(let w) = layer.weights else { return layer }
            let q = try QuantizedWeights(weights: w, rows: layer.inputs, cols: layer.outputs, granularity: .perChannel)
            var quantized = layer
            quantized.weights = .int8(values: q.values, scales: q.scales)
            return quantized
        }
        return MLP(name: model.name, version: model.version, variant: .int8, layers: layers)
    }

    /// Per layer, 1 where `Kernels.Pruning.magnitude` keeps a weight, 0 where it prunes it.
    static func magnitudeMasks(_ model: MLP, sparsity: Double) throws -> [[Float]] {
        try model.layers.map { layer in
            guard case .dense(let w) = layer.weights else { return [] }
            let pruned = try Pruning.magnitude(try Matrix(rows: layer.inputs, cols: layer.outputs, values: w), sparsity: sparsity)
            return pruned.values.map { $0 == 0 ? 0 : 1 }
        }
    }

    /// Stores each dense (inputs × outputs) layer as CSR over its transpose (outputs × inputs).
    static func sparse(_ model: MLP) throws -> MLP {
        let layers = try model.layers.map { layer -> DenseLayer in
            guard case .dense(let w) = layer.weights else { return layer }
            var s = layer
            s.weights = .sparse(try transposedCSR(w, inputs: layer.inputs, outputs: layer.outputs))
            return s
        }
        return MLP(name: model.name, version: model.version, variant: .pruned, layers: layers)
    }

    /// CSR of the transpose of a row-major inputs × outputs matrix.
    static func transposedCSR(_ w: [Float], inputs: Int, outputs: Int) throws -> CSRMatrix {
        var t = [Float](repeating: 0, count: w.count)
        for i in 0..<inputs { for o in 0..<outputs { t[o * inputs + i] = w[i * outputs + o] } }
        return CSRMatrix(dense: try Matrix(rows: outputs, cols: inputs, values: t))
    }
}
