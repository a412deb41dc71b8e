import Foundation

/// A run's private scratch folder, `<tmp>/bench-<pid>-XXXXXX`. The run removes it when it
/// ends; a run killed before that (kill -9) leaves it behind, so creating one first
/// removes the folders of runs whose pid is no longer alive.
public enum ScratchDirectory {
    /// A new, empty folder (mode 0700) in `parent`, after removing stale ones there.
    public static func create(in parent: String = NSTemporaryDirectory()) throws -> String {
        removeStale(in: parent)
        let prefix = (parent as NSString).appendingPathComponent("\(namePrefix)\(getpid())-")
        var template = Array((prefix + "XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw BenchError.unwritable(path: prefix + "XXXXXX", reason: "cannot create a scratch folder: \(String(cString: strerror(errno)))")
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static let namePrefix = "bench-"

    /// Removes this user's `bench-<pid>-*` folders in `parent` whose process has exited.
    /// Folders of live processes, of other users, and anything else are left alone.
    static func removeStale(in parent: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in names where name.hasPrefix(namePrefix) {
            let parts = name.dropFirst(namePrefix.count).split(separator: "-", maxSplits: 1)
            guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, pid != getpid() else { continue }
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = (parent as NSString).appendingPathComponent(name)
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == getuid() else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
