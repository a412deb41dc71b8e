import Foundation

/// What Google Benchmark's `context` says about the machine, read the way it reads it on
/// Linux: the clock rate (sysfs `tsc_freq_khz`, then `cpuinfo_max_freq`, then
/// `/proc/cpuinfo`'s "cpu MHz"), whether a frequency governor other than `performance`
/// scales the CPUs, cpu0's caches from sysfs, and the load averages.
struct HostInfo: Equatable {
    var hostName: String
    var mhzPerCPU: Int
    var cpuScalingEnabled: Bool
    var caches: [GoogleBenchmarkDocument.Cache]
    var loadAverages: [Double]

    /// This machine, read from `root` ("/" normally; tests pass a fake tree).
    static func probe(root: String = "/") -> HostInfo {
        func read(_ path: String) -> String? {
            (try? String(contentsOfFile: root + path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let cpu = "sys/devices/system/cpu/"
        let khz = [cpu + "cpu0/tsc_freq_khz", cpu + "cpu0/cpufreq/cpuinfo_max_freq"].lazy.compactMap { read($0).flatMap(Double.init) }.first
        let cpuinfoMHz = read("proc/cpuinfo")?.split(separator: "\n")
            .first { $0.hasPrefix("cpu MHz") }?.split(separator: ":").last
            .flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let mhz = khz.map { $0 / 1000 } ?? cpuinfoMHz ?? 0
        let governors = ((try? FileManager.default.contentsOfDirectory(atPath: root + cpu)) ?? [])
            .filter { $0.hasPrefix("cpu") && $0.dropFirst(3).allSatisfy(\.isNumber) && $0.count > 3 }
            .compactMap { read(cpu + $0 + "/cpufreq/scaling_governor") }
        let caches = (0..<16).compactMap { index -> GoogleBenchmarkDocument.Cache? in
            let dir = cpu + "cpu0/cache/index\(index)/"
            guard let type = read(dir + "type"), let level = read(dir + "level").flatMap(Int.init),
                  let size = read(dir + "size").flatMap(bytes) else { return nil }
            let sharing = read(dir + "shared_cpu_map").map(sharedCPUs) ?? 1
            return .init(type: type, level: level, size: size, num_sharing: sharing)
        }
        let load = read("proc/loadavg")?.split(separator: " ").prefix(3).compactMap { Double($0) } ?? []
        return HostInfo(hostName: ProcessInfo.processInfo.hostName, mhzPerCPU: Int(mhz.rounded()),
                        cpuScalingEnabled: governors.contains { $0 != "performance" }, caches: caches, loadAverages: load)
    }

    /// "32K", "1024K", "8M" or a plain byte count.
    static func bytes(_ text: String) -> Int? {
        let multiplier = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024][String(text.suffix(1))]
        return Int(multiplier == nil ? text : String(text.dropLast())).map { $0 * (multiplier ?? 1) }
    }

    /// CPUs set in a sysfs CPU mask ("00000003", "ff,00000000").
    static func sharedCPUs(_ mask: String) -> Int {
        mask.compactMap { $0.hexDigitValue }.reduce(0) { $0 + $1.nonzeroBitCount }
    }
}
