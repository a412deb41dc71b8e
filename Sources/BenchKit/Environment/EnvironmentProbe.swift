import Foundation

/// Reads the environment fingerprint: what machine, OS, toolchain and build produced
/// a result, so results from different environments are never silently compared.
public enum EnvironmentProbe {
    public static func capture(build: String, kernelISA: String?, timer: (overheadNs: Double, resolutionNs: Double),
                               workingDirectory: String = FileManager.default.currentDirectoryPath) -> EnvironmentInfo {
        var info = EnvironmentInfo()
        info.cpu = cpuModel()
        info.cores = ProcessInfo.processInfo.activeProcessorCount
        info.os = osName()
        var names = utsname()
        uname(&names)
        info.kernel = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        info.arch = withUnsafeBytes(of: &names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        info.hostname = ProcessInfo.processInfo.hostName
        info.swift = swiftVersion
        info.build = build
        info.kernelISA = kernelISA
        info.timerOverheadNs = timer.overheadNs
        info.timerResolutionNs = timer.resolutionNs
        (info.commit, info.dirty) = gitState(workingDirectory: workingDirectory)
        info.machine = machineKey(info)
        info.fingerprint = fingerprint(info)
        return info
    }

    /// The checked-out commit of `workingDirectory` and whether tracked files differ from
    /// it; both nil outside a git repository.
    public static func gitState(workingDirectory: String) -> (commit: String?, dirty: Bool?) {
        guard let commit = git(["rev-parse", "HEAD"], in: workingDirectory) else { return (nil, nil) }
        return (commit, !(git(["status", "--porcelain", "--untracked-files=no"], in: workingDirectory) ?? "").isEmpty)
    }

    /// A file-name-safe key for the machine: CPU model, core count and architecture.
    /// Baselines are stored under it.
    public static func machineKey(_ info: EnvironmentInfo) -> String {
        let cpu = (info.cpu ?? "unknown-cpu").lowercased()
            .map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let slug = String(cpu).split(separator: "-").joined(separator: "-")
        let identity = "\(info.cpu ?? "")|\(info.cores ?? 0)|\(info.arch ?? "")"
        return "\(slug)-\(info.cores ?? 0)c-\(info.arch ?? "unknown")-\(stableHash(identity).prefix(6))"
    }

    /// Hash of everything that must match for timings to be comparable.
    public static func fingerprint(_ info: EnvironmentInfo) -> String {
        let parts = [info.cpu, info.cores.map(String.init), info.arch, info.os, info.kernel, info.swift,
                     info.build, info.kernelISA].map { $0 ?? "" }
        return String(stableHash(parts.joined(separator: "|")).prefix(16))
    }

    /// What differs between two environments, in words ("build: debug vs release").
    public static func differences(_ a: EnvironmentInfo?, _ b: EnvironmentInfo?) -> [String] {
        guard let a, let b else { return a == nil && b == nil ? [] : ["one file has no environment"] }
        let fields: [(String, String?, String?)] = [
            ("cpu", a.cpu, b.cpu), ("cores", a.cores.map(String.init), b.cores.map(String.init)),
            ("arch", a.arch, b.arch), ("os", a.os, b.os), ("kernel", a.kernel, b.kernel),
            ("swift", a.swift, b.swift), ("build", a.build, b.build), ("kernelISA", a.kernelISA, b.kernelISA),
            ("valgrind", a.valgrind, b.valgrind),
        ]
        return fields.compactMap { name, x, y in
            x == y ? nil : "\(name): \(x ?? "unknown") vs \(y ?? "unknown")"
        }
    }

    static func cpuModel() -> String {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let value = line.split(separator: ":", maxSplits: 1).last {
                return value.trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }

    static func osName() -> String {
        let text = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return ProcessInfo.processInfo.operatingSystemVersionString
    }

    /// The compiler that built this binary.
    static var swiftVersion: String {
        #if compiler(>=6.4)
        return "6.4+"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    static func git(_ arguments: [String], in directory: String) -> String? {
        (try? Subprocess.output(["git", "-C", directory] + arguments))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// FNV-1a 64-bit, hex: stable across runs and platforms (unlike `Hasher`).
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
