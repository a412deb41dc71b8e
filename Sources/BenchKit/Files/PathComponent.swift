/// A name that becomes one component of a file path: a suite or a machine in
/// `results/<suite>-<time>.json` and `baselines/<machine>/<suite>.json`. Every such name,
/// whether from a suite file, a result file or the command line, is checked here, so none
/// can leave its folder (`..`, `/`), hide (a leading `.`), pass for an option (a leading
/// `-`), or carry control characters, spaces or an empty name into a path.
public struct PathComponent: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// Longest name accepted, in bytes; leaves room for time stamps and suffixes under
    /// the 255-byte file-name limit.
    public static let maximumLength = 128

    /// What a valid name looks like, as said in errors.
    static let rule = "use 1-\(maximumLength) ASCII letters, digits, '.', '_', '+' or '-', not starting with '.' or '-'"

    /// Checks `name`; `role` ("suite name", "environment.machine") and `source` (the file
    /// or option it came from) go into the error.
    public init(_ name: String, role: String, source: String) throws {
        if let problem = Self.problem(with: name) {
            throw BenchError.unsafeName(name: name, role: role, source: source, problem: problem)
        }
        self.name = name
    }

    /// Why `name` cannot be a path component, or nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > maximumLength { return "it is longer than \(maximumLength) bytes" }
        if let scalar = name.unicodeScalars.first(where: { !isAllowed($0) }) {
            return "it contains '\(String(scalar).escapedForTerminal)'"
        }
        if name.hasPrefix(".") { return "it starts with '.'" }
        if name.hasPrefix("-") { return "it starts with '-'" }
        return nil
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "+", "-": return true
        default: return false
        }
    }

    public var description: String { name }
}
