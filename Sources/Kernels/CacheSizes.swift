/// This CPU's level-1 data cache size as Linux reports it in sysfs (cpu0), for blocking
/// decisions made at run time; Zen 4's 32 KiB, which the blocking was tuned on, where sysfs
/// is unreadable.
enum CacheSizes {
    /// Bytes of level-1 data cache.
    static let l1Data = size(level: 1) ?? 32 * 1024

    /// The size of the data or unified cache at `level`, from
    /// /sys/devices/system/cpu/cpu0/cache/index*/{level,type,size}.
    static func size(level: Int) -> Int? {
        for index in 0..<8 {
            let folder = "/sys/devices/system/cpu/cpu0/cache/index\(index)/"
            guard let text = firstLine(folder + "level"), Int(text) == level,
                  let type = firstLine(folder + "type"), type == "Data" || type == "Unified",
                  let size = firstLine(folder + "size") else { continue }
            return parseSize(size)
        }
        return nil
    }

    /// "32K", "1024K", "2M" or a plain byte count, in bytes.
    static func parseSize(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        guard let last = text.last else { return nil }
        guard let unit = units[last] else { return Int(text) }
        return Int(text.dropLast()).map { $0 * unit }
    }

    private static func firstLine(_ path: String) -> String? {
        KernelISA.readFile(path)?.split(separator: "\n").first.map(String.init)
    }
}
