/// A log-bucketed histogram of latencies in nanoseconds, after HdrHistogram: values below
/// 256 ns are exact; above, each power of two is split into 128 equal buckets, so a
/// bucket is at most 1/128 (0.78%) of its lower bound wide and a reported value (the
/// bucket's midpoint) is within 0.4% of every value recorded in it. Merging is exact.
public struct LatencyHistogram: Sendable, Equatable {
    static let exactLimit: UInt64 = 256
    static let subBuckets = 128

    private(set) var counts: [UInt64] = []
    public private(set) var count: UInt64 = 0
    public private(set) var minimum: UInt64 = .max
    public private(set) var maximum: UInt64 = 0
    public private(set) var sum: Double = 0

    public init() {}

    static func index(of value: UInt64) -> Int {
        if value < exactLimit { return Int(value) }
        let shift = (64 - value.leadingZeroBitCount) - 8
        let sub = Int(value >> UInt64(shift)) - subBuckets
        return Int(exactLimit) + (shift - 1) * subBuckets + sub
    }

    /// The smallest value of bucket `index` and the bucket's width.
    static func bounds(of index: Int) -> (lower: UInt64, width: UInt64) {
        if index < Int(exactLimit) { return (UInt64(index), 1) }
        let k = index - Int(exactLimit)
        let shift = UInt64(k / subBuckets + 1)
        let sub = UInt64(k % subBuckets + subBuckets)
        return (sub << shift, 1 << shift)
    }

    public mutating func record(_ nanos: UInt64, count n: UInt64 = 1) {
        let i = Self.index(of: nanos)
        if i >= counts.count { counts += [UInt64](repeating: 0, count: i + 1 - counts.count) }
        counts[i] += n
        count += n
        sum += Double(nanos) * Double(n)
        minimum = min(minimum, nanos)
        maximum = max(maximum, nanos)
    }

    public mutating func merge(_ other: LatencyHistogram) {
        if other.counts.count > counts.count { counts += [UInt64](repeating: 0, count: other.counts.count - counts.count) }
        for (i, c) in other.counts.enumerated() { counts[i] += c }
        count += other.count
        sum += other.sum
        minimum = min(minimum, other.minimum)
        maximum = max(maximum, other.maximum)
    }

    /// The value at quantile `q` (0...1): the midpoint of the bucket holding the
    /// ⌈q·count⌉-th smallest value, clamped to the recorded range. 0 when empty.
    public func value(atQuantile q: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = max(1, UInt64((q * Double(count)).rounded(.up)))
        var cumulative: UInt64 = 0
        for (i, c) in counts.enumerated() where c > 0 {
            cumulative += c
            if cumulative >= rank {
                let (lower, width) = Self.bounds(of: i)
                return min(maximum, max(minimum, lower + width / 2))
            }
        }
        return maximum
    }

    public var mean: Double { count == 0 ? 0 : sum / Double(count) }
}

extension LatencyHistogram: Codable {
    private enum CodingKeys: String, CodingKey { case unit, bucketsPerOctave, count, min, max, sum, buckets }

    /// Encoded sparsely: `buckets` lists `[lowerBound, width, count]` for every non-empty bucket.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("ns", forKey: .unit)
        try c.encode(Self.subBuckets, forKey: .bucketsPerOctave)
        try c.encode(count, forKey: .count)
        try c.encode(count == 0 ? 0 : minimum, forKey: .min)
        try c.encode(maximum, forKey: .max)
        try c.encode(sum, forKey: .sum)
        let buckets = counts.enumerated().filter { $0.element > 0 }.map { i, n in
            let (lower, width) = Self.bounds(of: i)
            return [lower, width, n]
        }
        try c.encode(buckets, forKey: .buckets)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let perOctave = try c.decode(Int.self, forKey: .bucketsPerOctave)
        guard perOctave == Self.subBuckets else {
            throw DecodingError.dataCorruptedError(forKey: .bucketsPerOctave, in: c,
                                                   debugDescription: "expected \(Self.subBuckets) buckets per octave, found \(perOctave)")
        }
        self.init()
        for bucket in try c.decode([[UInt64]].self, forKey: .buckets) {
            guard bucket.count == 3 else {
                throw DecodingError.dataCorruptedError(forKey: .buckets, in: c, debugDescription: "each bucket is [lower, width, count]")
            }
            let i = Self.index(of: bucket[0])
            if i >= counts.count { counts += [UInt64](repeating: 0, count: i + 1 - counts.count) }
            counts[i] += bucket[2]
        }
        count = try c.decode(UInt64.self, forKey: .count)
        sum = try c.decode(Double.self, forKey: .sum)
        maximum = try c.decode(UInt64.self, forKey: .max)
        minimum = count == 0 ? .max : try c.decode(UInt64.self, forKey: .min)
    }
}
