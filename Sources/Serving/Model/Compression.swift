/// Builds the int8 and pruned variants from a trained fp32 model.
enum Compression {
    /// Symmetric per-output-channel int8 quantization of every layer's weights.
    static func quantize(_ model: MLP) -> MLP {
        var out = model
        out.layers = model.layers.map { layer in
            guard case .dense(let w) = layer.weights else { return layer }
            let n = layer.outputs
            var scales = [Float](repeating: 1, count: n)
            for j in 0..<n {
                var m: Float = 0
                for i in 0..<layer.inputs { m = max(m, abs(w[i * n + j])) }
                scales[j] = m > 0 ? m / 127 : 1
            }
            var values = [Int8](repeating: 0, count: w.count)
            for i in 0..<layer.inputs {
                for j in 0..<n {
                    values[i * n + j] = Int8(max(-127, min(127, (w[i * n + j] / scales[j]).rounded())))
                }
            }
            var q = layer
            q.weights = .int8(values: values, scales: scales)
            return q
        }
        return MLP(name: model.name, version: model.version, variant: .int8, layers: out.layers)
    }

    /// Per layer, 1 for the largest-magnitude `(1 - sparsity)` fraction of weights, 0 elsewhere.
    static func magnitudeMasks(_ model: MLP, sparsity: Double) -> [[Float]] {
        model.layers.map { layer in
            guard case .dense(let w) = layer.weights else { return [] }
            let keep = max(1, Int((Double(w.count) * (1 - sparsity)).rounded()))
            // Rank by magnitude, ties broken by index so the mask is deterministic.
            let ranked = w.indices.sorted { abs(w[$0]) != abs(w[$1]) ? abs(w[$0]) > abs(w[$1]) : $0 < $1 }
            var mask = [Float](repeating: 0, count: w.count)
            for i in ranked.prefix(keep) { mask[i] = 1 }
            return mask
        }
    }

    /// Converts dense (inputs × outputs) weights to CSR over outputs × inputs, dropping zeros.
    static func sparse(_ model: MLP) -> MLP {
        let layers = model.layers.map { layer -> DenseLayer in
            guard case .dense(let w) = layer.weights else { return layer }
            var rowStart: [Int32] = [0]
            var columns: [Int32] = []
            var values: [Float] = []
            for o in 0..<layer.outputs {
                for i in 0..<layer.inputs where w[i * layer.outputs + o] != 0 {
                    columns.append(Int32(i))
                    values.append(w[i * layer.outputs + o])
                }
                rowStart.append(Int32(values.count))
            }
            var s = layer
            s.weights = .sparse(rowStart: rowStart, columns: columns, values: values)
            return s
        }
        return MLP(name: model.name, version: model.version, variant: .pruned, layers: layers)
    }
}
