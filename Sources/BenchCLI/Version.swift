import BenchKit

/// The version `bench --version` prints: one constant, plus the build configuration.
enum Version {
    static let number = BenchKitVersion.number

    /// "bench 0.1.0 (release build)".
    static var description: String {
        "bench \(number) (\(BuildConfiguration.current) build)"
    }
}
