import Foundation

/// Reading and writing the project's JSON files, with errors that say what is wrong
/// and where, and writes that never leave a half-written file behind.
public enum JSONFiles {
    /// Reads and decodes a JSON file, classifying failures: missing, empty,
    /// not JSON (e.g. truncated), or JSON of the wrong shape.
    public static func read<T: Decodable>(_ type: T.Type, from path: String,
                                          missingHint: String = "check the path") throws -> T {
        let data = try readData(path, missingHint: missingHint)
        try checkIsJSON(data, path: path)
        return try decode(type, from: data, path: path)
    }

    /// Reads a result file and checks its schema before decoding the rest.
    public static func readResultFile(_ path: String) throws -> ResultFile {
        let data = try readData(path, missingHint: "pass the path of a result file (see results/)")
        try checkIsJSON(data, path: path)
        struct SchemaProbe: Decodable { let schema: String? }
        let probe = try? JSONDecoder().decode(SchemaProbe.self, from: data)
        guard let schema = probe?.schema, schema == ResultFile.currentSchema else {
            throw BenchError.wrongSchema(path: path, found: probe?.schema)
        }
        let file = try decode(ResultFile.self, from: data, path: path)
        try validate(file, path: path)
        return file
    }

    /// Encodes `value` as pretty JSON and writes it atomically: to a temporary file in
    /// the same directory, then renamed over `path`. Readers see the old or the new
    /// file, never a partial one.
    public static func writeAtomically<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw BenchError.unwritable(path: path, reason: "cannot encode: \(error)")
        }
        try writeAtomically(data + Data("\n".utf8), to: path)
    }

    /// Writes bytes atomically (temporary file + fsync + rename).
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw BenchError.unwritable(path: path, reason: "cannot create directory \(directory)")
            }
        } else if !isDirectory.boolValue {
            throw BenchError.unwritable(path: path, reason: "\(directory) is not a directory")
        }
        let temporary = directory + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw BenchError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        var ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue } else { return false } }
                offset += written
            }
            return true
        }
        let writeError = errno
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(ok ? errno : writeError))
            unlink(temporary)
            throw BenchError.unwritable(path: path, reason: reason)
        }
    }

    private static func readData(_ path: String, missingHint: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BenchError.fileNotFound(path: path, hint: missingHint)
        }
        if isDirectory.boolValue {
            throw BenchError.unreadable(path: path, reason: "it is a directory")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BenchError.unreadable(path: path, reason: "permission denied or I/O error")
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw BenchError.emptyFile(path: path)
        }
        return data
    }

    private static func checkIsJSON(_ data: Data, path: String) throws {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let nsError = error as NSError
            let detail = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? "syntax error"
            throw BenchError.invalidJSON(path: path, detail: detail)
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw BenchError.invalidContent(path: path, detail: describe(error))
        } catch {
            throw BenchError.invalidContent(path: path, detail: "\(error)")
        }
    }

    /// A `DecodingError` as "at benchmarks[2].metrics: missing field \"unit\"".
    static func describe(_ error: DecodingError) -> String {
        func location(_ path: [CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "at \(location(context.codingPath)): missing field \"\(key.stringValue)\""
        case .typeMismatch(let type, let context):
            return "at \(location(context.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "at \(location(context.codingPath)): expected \(typeName(type)), found null"
        case .dataCorrupted(let context):
            return "at \(location(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Double.Type, is Int.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a \(name)"
        }
    }

    /// Checks what decoding alone cannot: unique names, each metric has samples or a value.
    static func validate(_ file: ResultFile, path: String) throws {
        var seen = Set<String>()
        for (index, benchmark) in file.benchmarks.enumerated() {
            guard seen.insert(benchmark.name).inserted else {
                throw BenchError.invalidContent(path: path, detail: "at benchmarks[\(index)]: duplicate benchmark name \"\(benchmark.name)\"; names must be unique")
            }
            for (metricName, metric) in benchmark.metrics {
                let at = "benchmark \"\(benchmark.name)\", metric \"\(metricName)\""
                if let samples = metric.samples {
                    if samples.isEmpty || samples.contains(where: \.isEmpty) {
                        throw BenchError.invalidContent(path: path, detail: "\(at): empty samples; each process needs at least one sample")
                    }
                    if samples.joined().contains(where: { !$0.isFinite }) {
                        throw BenchError.invalidContent(path: path, detail: "\(at): samples must be finite numbers")
                    }
                } else if let value = metric.value {
                    if !value.isFinite {
                        throw BenchError.invalidContent(path: path, detail: "\(at): value must be a finite number")
                    }
                } else {
                    throw BenchError.invalidContent(path: path, detail: "\(at): needs \"samples\" or \"value\"")
                }
            }
        }
    }
}
