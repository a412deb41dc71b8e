import Foundation

/// An exclusive advisory lock on a file (flock), held for the length of a closure, so a
/// read-then-write of shared files by concurrent `bench` processes (or threads) happens
/// one at a time. The kernel drops the lock when its holder exits, even on kill -9.
enum FileLock {
    /// Runs `body` while holding the lock on `path` (created if missing, folder included).
    static func withExclusiveLock<T>(at path: String, _ body: () throws -> T) throws -> T {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BenchError.unwritable(path: path, reason: "cannot create directory \(directory)")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw BenchError.unwritable(path: path, reason: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw BenchError.unwritable(path: path, reason: "cannot lock: \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }
}
