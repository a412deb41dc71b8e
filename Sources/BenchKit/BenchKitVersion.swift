/// BenchKit's version: what `bench --version` prints and exports name as their producer.
public enum BenchKitVersion {
    public static let number = "0.1.0"
}
