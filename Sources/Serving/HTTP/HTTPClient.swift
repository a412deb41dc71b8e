import Glibc

/// A client-side failure: connection, timeout or an unparsable answer, with context.
public struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// A blocking HTTP/1.1 client over one keep-alive connection, reconnecting when the
/// server closes. For tests, metadata requests and the single-stream scenario; the load
/// generator's open-loop engine drives many connections itself.
public final class HTTPClient {
    public let host: String
    public let port: Int
    public var timeout: Double
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private let parser = HTTPResponseParser()

    public init(host: String, port: Int, timeout: Double = 10) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    deinit { disconnect() }

    public func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
        buffer.removeAll()
    }

    /// Sends one request and waits for its answer.
    public func request(_ method: String, _ path: String, body: [UInt8] = [],
                        headers: [(String, String)] = []) throws(HTTPClientError) -> HTTPClientResponse {
        var wire = Array("\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n".utf8)
        for (name, value) in headers { wire.append(contentsOf: "\(name): \(value)\r\n".utf8) }
        if !body.isEmpty || method == "POST" || method == "PUT" {
            wire.append(contentsOf: "Content-Length: \(body.count)\r\n".utf8)
        }
        wire.append(contentsOf: "\r\n".utf8)
        wire.append(contentsOf: body)
        return try exchange(raw: wire, headRequest: method == "HEAD")
    }

    /// Sends raw bytes (possibly malformed) and reads one answer.
    public func exchange(raw: [UInt8], headRequest: Bool = false) throws(HTTPClientError) -> HTTPClientResponse {
        // A kept-alive connection may have been closed by the server: retry once on a fresh one.
        let reused = fd >= 0
        do {
            return try attempt(raw, headRequest: headRequest)
        } catch {
            guard reused else { throw error }
            disconnect()
            return try attempt(raw, headRequest: headRequest)
        }
    }

    private func attempt(_ raw: [UInt8], headRequest: Bool) throws(HTTPClientError) -> HTTPClientResponse {
        try connectIfNeeded()
        try sendAll(raw)
        let response = try readResponse(headRequest: headRequest)
        if response.closes { disconnect() }
        return response
    }

    /// Sends bytes without waiting for an answer.
    public func sendRaw(_ raw: [UInt8]) throws(HTTPClientError) {
        try connectIfNeeded()
        try sendAll(raw)
    }

    /// Reads the next answer on the connection.
    public func readResponse(headRequest: Bool = false) throws(HTTPClientError) -> HTTPClientResponse {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if !buffer.isEmpty {
                let result = buffer.withUnsafeBufferPointer { parser.parse($0, headRequest: headRequest) }
                switch result {
                case .complete(let response, let consumed):
                    buffer.removeSubrange(0..<consumed)
                    return response
                case .failed(let message):
                    disconnect()
                    throw HTTPClientError(message: "bad response from \(host):\(port): \(message)")
                case .incomplete: break
                }
            }
            guard fd >= 0 else { throw HTTPClientError(message: "not connected to \(host):\(port)") }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                disconnect()
                throw HTTPClientError(message: "connection to \(host):\(port) closed before a complete response")
            } else if errno != EINTR {
                let reason = errno == EAGAIN ? "timed out after \(timeout) s" : String(cString: strerror(errno))
                disconnect()
                throw HTTPClientError(message: "reading from \(host):\(port): \(reason)")
            }
        }
    }

    private func connectIfNeeded() throws(HTTPClientError) {
        guard fd < 0 else { return }
        do {
            let address = try Socket.resolve(host: host, port: port)
            fd = try Socket.connect(to: address, nonBlocking: false, context: "\(host):\(port)")
            Socket.setTimeout(fd, seconds: timeout)
        } catch {
            throw HTTPClientError(message: "\(error)")
        }
    }

    private func sendAll(_ bytes: [UInt8]) throws(HTTPClientError) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n > 0 { sent += n } else if n < 0 && errno == EINTR { continue } else {
                let reason = String(cString: strerror(errno))
                disconnect()
                throw HTTPClientError(message: "sending to \(host):\(port): \(reason)")
            }
        }
    }
}
