import Foundation

/// Where a new result file goes: a path the user named (replaced when present), or the
/// results folder, under a name no other run holds (`ResultStore.publish`).
public enum ResultDestination: Sendable {
    case path(String)
    case store(ResultStore, suite: String)

    /// Fails early, before measuring, unless a file can be written there.
    public func checkWritable() throws {
        switch self {
        case .path(let path): try JSONFiles.checkWritable(path)
        case .store(let store, let suite): try store.checkWritable(suite: suite)
        }
    }

    /// Writes `file` (created at `date`) and returns the path it went to.
    public func write(_ file: ResultFile, date: Date) throws -> String {
        switch self {
        case .path(let path):
            try JSONFiles.writeAtomically(file, to: path)
            return path
        case .store(let store, let suite):
            return try store.publish(try JSONFiles.encoded(file, for: store.directory), suite: suite, date: date)
        }
    }
}
