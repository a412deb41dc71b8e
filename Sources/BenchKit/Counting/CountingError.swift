/// Why instruction counting could not run or produced no figures. Each message says
/// what failed, where, and what to do; the command line prints it on one line, exit 2.
public enum CountingError: Error, Equatable, CustomStringConvertible {
    case valgrindMissing
    case valgrindUnusable(path: String, detail: String)
    case valgrindFailed(benchmark: String, detail: String)
    case missingRegions(benchmark: String, found: Int, expected: Int)
    case unreadableDump(path: String, detail: String)

    public var description: String {
        switch self {
        case .valgrindMissing:
            return "--metric instructions needs valgrind, which is not on PATH; install it with `apt-get install valgrind` (Debian/Ubuntu package \"valgrind\")"
        case .valgrindUnusable(let path, let detail):
            return "\(path) --version failed (\(detail)); reinstall valgrind with `apt-get install --reinstall valgrind`"
        case .valgrindFailed(let benchmark, let detail):
            return "\(benchmark): counting under valgrind failed (\(detail))"
        case .missingRegions(let benchmark, let found, let expected):
            return "\(benchmark): callgrind wrote \(found) of \(expected) region dumps; the markers' symbols (MeasuredRegion) no longer match the binary, fix MeasuredRegion.beginSymbol/endSymbol"
        case .unreadableDump(let path, let detail):
            return "\(path): not a readable callgrind dump (\(detail))"
        }
    }
}
