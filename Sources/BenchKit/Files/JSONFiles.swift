import Foundation

/// Reading and writing the project's JSON files, with errors that say what is wrong
/// and where, reads capped in size, and writes that never leave a half-written file behind.
public enum JSONFiles {
    /// Largest result file read (bytes). Decoding takes about three times the file's size
    /// in memory; 256 MiB holds millions of samples.
    public static let resultFileLimit = 256 << 20
    /// Largest hand-written file read (suites): 1 MiB.
    public static let smallFileLimit = 1 << 20

    /// Reads and decodes a JSON file, classifying failures: missing, empty, too large,
    /// not JSON (e.g. truncated), or JSON of the wrong shape.
    public static func read<T: Decodable>(_ type: T.Type, from path: String, missingHint: String = "check the path",
                                          limit: Int = smallFileLimit) throws -> T {
        let data = try readData(path, missingHint: missingHint, limit: limit)
        return try decode(type, from: data, path: path)
    }

    /// Reads a result file (at most `resultFileLimit` bytes) and checks its schema before
    /// decoding the rest.
    public static func readResultFile(_ path: String) throws -> ResultFile {
        let data = try readData(path, missingHint: "pass the path of a result file (see results/)", limit: resultFileLimit)
        return try decodeResultFile(data, path: path)
    }

    /// Decodes and validates a result file's bytes; `path` names it in errors.
    public static func decodeResultFile(_ data: Data, path: String) throws -> ResultFile {
        try checkIsJSON(data, path: path)
        struct SchemaProbe: Decodable { let schema: String? }
        let probe = try? JSONDecoder().decode(SchemaProbe.self, from: data)
        guard let schema = probe?.schema, schema == ResultFile.currentSchema else {
            throw BenchError.wrongSchema(path: path, found: probe?.schema)
        }
        let file = try decodeShape(ResultFile.self, from: data, path: path)
        try validate(file, path: path)
        return file
    }

    /// Encodes `value` as pretty JSON and writes it atomically: to a temporary file in
    /// the same directory, then renamed over `path`. Readers see the old or the new
    /// file, never a partial one.
    public static func writeAtomically<T: Encodable>(_ value: T, to path: String) throws {
        try writeAtomically(try encoded(value, for: path), to: path)
    }

    /// `value` as the pretty, key-sorted JSON every file of the project is written in, with
    /// a final newline; `path` names the destination in errors.
    public static func encoded<T: Encodable>(_ value: T, for path: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value) + Data("\n".utf8)
        } catch {
            throw BenchError.unwritable(path: path, reason: "cannot encode: \(error)")
        }
    }

    /// Writes bytes atomically: a new temporary file with a unique name (created with
    /// O_EXCL, so nothing planted at a guessed name is followed or overwritten), fsync,
    /// then rename over `path`.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let temporary = try writeTemporaryFile(data, for: path)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw BenchError.unwritable(path: path, reason: reason)
        }
    }

    /// Writes bytes as a new file at `path`, as atomically as `writeAtomically`, but never
    /// over an existing file (the temporary file is hard-linked to `path`, which fails if
    /// the name is taken, even by a writer finishing at the same moment). Returns false,
    /// writing nothing, when `path` exists.
    public static func writeNew(_ data: Data, to path: String) throws -> Bool {
        let temporary = try writeTemporaryFile(data, for: path)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw BenchError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        return true
    }

    /// A temporary file next to `path` holding `data`, flushed to disk; its path.
    private static func writeTemporaryFile(_ data: Data, for path: String) throws -> String {
        let (fd, temporary) = try createTemporaryFile(for: path)
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        guard failure == 0 else {
            unlink(temporary)
            throw BenchError.unwritable(path: path, reason: String(cString: strerror(failure)))
        }
        return temporary
    }

    /// Fails unless `path` can be written by `writeAtomically`: its folder exists (it is
    /// created if missing) and takes new files, and `path` is not a directory. Call it
    /// before long work whose result goes to `path`.
    public static func checkWritable(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw BenchError.unwritable(path: path, reason: "it is a directory; name a file in it")
        }
        let (fd, temporary) = try createTemporaryFile(for: path)
        close(fd)
        unlink(temporary)
    }

    /// A new, empty file next to `path` named `.<name>.XXXXXX` (mkstemp: a unique name,
    /// O_EXCL; then close-on-exec, mode 0644), creating the folder when missing.
    private static func createTemporaryFile(for path: String) throws -> (fd: Int32, path: String) {
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
        var template = Array((directory + "/." + url.lastPathComponent.prefix(200) + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw BenchError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        fchmod(fd, 0o644)
        return (fd, template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// The file's bytes, refusing directories, files over `limit` bytes and blank files.
    static func readData(_ path: String, missingHint: String, limit: Int) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw BenchError.fileNotFound(path: path, hint: missingHint) }
            throw BenchError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw BenchError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw BenchError.unreadable(path: path, reason: "it is a directory")
        }
        if Int(status.st_size) > limit {
            throw BenchError.fileTooLarge(path: path, size: Int(status.st_size), limit: limit)
        }
        // Read at most limit + 1 bytes: a file that grows, or a pipe, is caught too.
        var data = Data(count: min(Int(status.st_size), limit) + 1)
        var total = 0
        while total <= limit {
            if total == data.count { data.count = min(2 * data.count, limit + 1) }
            let count = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, $0.count - total) }
            if count < 0 {
                if errno == EINTR { continue }
                throw BenchError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            total += count
        }
        if total > limit { throw BenchError.fileTooLarge(path: path, size: total, limit: limit) }
        data.count = total
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

    /// Decodes JSON bytes, telling invalid JSON from JSON of the wrong shape.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        try checkIsJSON(data, path: path)
        return try decodeShape(type, from: data, path: path)
    }

    private static func decodeShape<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
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
