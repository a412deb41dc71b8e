import Foundation

/// JSON messages, one per line, over a pair of file descriptors (a pipe each way).
/// Blocking on purpose: the lockstep parent waits for each reply before the next turn.
public final class LineChannel {
    private let input: Int32
    private let output: Int32
    private var buffer: [UInt8] = []
    /// Reused for every read, so a turn allocates and clears nothing on the worker's CPU
    /// between samples.
    private var chunk = [UInt8](repeating: 0, count: 65536)
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()
    /// Longest line accepted (a reply with many metric values stays far below).
    static let maximumLineBytes = 1 << 20

    public init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// Why a message could not be exchanged.
    public enum Failure: Error, Equatable {
        /// The other end closed its side (it exited or was killed).
        case closed
        case unreadable(String)
        case writeFailed(Int32)
    }

    public func send<T: Encodable>(_ message: T) throws {
        var bytes = Array(try encoder.encode(message))
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure.writeFailed(errno)
            }
            offset += written
        }
    }

    public func receive<T: Decodable>(_ type: T.Type) throws -> T {
        let line = try readLine()
        do {
            return try decoder.decode(type, from: Data(line))
        } catch {
            throw Failure.unreadable(String(decoding: line.prefix(200), as: UTF8.self))
        }
    }

    private func readLine() throws -> [UInt8] {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            guard buffer.count < Self.maximumLineBytes else { throw Failure.unreadable("a line longer than 1 MiB") }
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure.closed
            }
            if count == 0 { throw Failure.closed }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
