/// Quality of a classifier on a labelled split.
public struct ModelQuality: Sendable, Codable, Equatable {
    /// Fraction of rows classified correctly.
    public var accuracy: Double
    /// Unweighted mean over classes of F1 = 2PR / (P + R); a class with no predictions and no
    /// examples is left out, one with either but no true positives counts as 0.
    public var macroF1: Double
}

public enum Evaluation {
    /// Accuracy and macro-F1 of `predicted` against `actual` labels in `0..<classes`.
    public static func quality(predicted: [Int], actual: [Int], classes: Int) -> ModelQuality {
        var tp = [Int](repeating: 0, count: classes), fp = tp, fn = tp
        var correct = 0
        for (p, a) in zip(predicted, actual) {
            if p == a {
                correct += 1
                tp[a] += 1
            } else {
                fp[p] += 1
                fn[a] += 1
            }
        }
        var f1s: [Double] = []
        for c in 0..<classes where tp[c] + fp[c] + fn[c] > 0 {
            f1s.append(Double(2 * tp[c]) / Double(2 * tp[c] + fp[c] + fn[c]))
        }
        return ModelQuality(accuracy: actual.isEmpty ? 0 : Double(correct) / Double(actual.count),
                            macroF1: f1s.isEmpty ? 0 : f1s.reduce(0, +) / Double(f1s.count))
    }
}
