import Foundation

/// The valgrind installation that counts instructions: where it is and which version,
/// since counts differ across versions and results record it.
public struct Valgrind: Sendable, Equatable {
    public let executable: String
    /// E.g. "3.19.0".
    public let version: String

    public init(executable: String, version: String) {
        self.executable = executable
        self.version = version
    }

    /// Finds `valgrind` on `searchPath` (colon-separated, like `PATH`) and asks its version.
    public static func locate(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> Valgrind {
        let directories = (searchPath ?? "").split(separator: ":").map(String.init)
        guard let executable = directories.map({ $0 + "/valgrind" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CountingError.valgrindMissing
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CountingError.valgrindUnusable(path: executable, detail: "\(error.localizedDescription)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let version = parseVersion(output) else {
            throw CountingError.valgrindUnusable(path: executable, detail: "printed '\(output.trimmingCharacters(in: .whitespacesAndNewlines))'")
        }
        return Valgrind(executable: executable, version: version)
    }

    /// "valgrind-3.19.0\n" → "3.19.0".
    static func parseVersion(_ output: String) -> String? {
        let line = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix("valgrind-") else { return nil }
        let version = String(line.dropFirst("valgrind-".count))
        return version.first?.isNumber == true ? version : nil
    }
}

/// The cache geometry callgrind simulates. Fixed rather than detected from the host,
/// so miss counts do not change with the CI machine's CPU.
public struct SimulatedCache: Sendable, Equatable, CustomStringConvertible {
    public var level1Bytes = 32 * 1024
    public var level1Ways = 8
    public var lastLevelBytes = 32 * 1024 * 1024
    public var lastLevelWays = 16
    public var lineBytes = 64

    public init() {}

    /// The callgrind options that set this geometry.
    public var options: [String] {
        let level1 = "\(level1Bytes),\(level1Ways),\(lineBytes)"
        return ["--cache-sim=yes", "--I1=\(level1)", "--D1=\(level1)", "--LL=\(lastLevelBytes),\(lastLevelWays),\(lineBytes)"]
    }

    public var description: String {
        "D1 \(level1Bytes / 1024) KiB \(level1Ways)-way, LL \(lastLevelBytes / 1024 / 1024) MiB \(lastLevelWays)-way, \(lineBytes) B lines"
    }
}
