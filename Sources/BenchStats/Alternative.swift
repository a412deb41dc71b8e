/// The alternative hypothesis of a two-sample test on x and y, in SciPy's convention:
/// `.greater` means "x tends to be larger than y".
public enum Alternative: String, Sendable, Codable, CaseIterable {
    case twoSided = "two-sided"
    case greater
    case less
}
