import BenchStats
/// A deterministic classification dataset: each class is a mixture of Gaussian clusters
/// in `features` dimensions, so the decision boundary is non-linear and an MLP beats a
/// linear model. Everything follows from the seed; no files or downloads are needed.
public struct SyntheticDataset: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var seed: UInt64 = 20261122
        public var features = 64
        public var classes = 10
        public var clustersPerClass = 3
        /// Standard deviation of each cluster; cluster centres are standard normal.
        public var noise = 1.6
        public var trainCount = 6000
        public var testCount = 2000
        public init() {}
    }

    public let configuration: Configuration
    /// `trainCount × features` values, row-major, and their labels.
    public let trainX: [Float]
    public let trainY: [Int]
    /// The held-out split.
    public let testX: [Float]
    public let testY: [Int]

    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
        var rng = SplitMix64(seed: configuration.seed)
        let f = configuration.features
        let centres: [[Double]] = (0..<(configuration.classes * configuration.clustersPerClass)).map { _ in
            (0..<f).map { _ in rng.normal() }
        }
        func sample(_ count: Int) -> ([Float], [Int]) {
            var x: [Float] = []
            var y: [Int] = []
            x.reserveCapacity(count * f)
            for _ in 0..<count {
                let label = Int(rng.next() % UInt64(configuration.classes))
                let cluster = label * configuration.clustersPerClass + Int(rng.next() % UInt64(configuration.clustersPerClass))
                for d in 0..<f { x.append(Float(centres[cluster][d] + configuration.noise * rng.normal())) }
                y.append(label)
            }
            return (x, y)
        }
        (trainX, trainY) = sample(configuration.trainCount)
        (testX, testY) = sample(configuration.testCount)
    }
}
