/// Limits that keep one client from exhausting the server.
public struct HTTPLimits: Sendable {
    /// Bytes allowed for the request line and headers together (beyond: 431, or 414 for the line alone).
    public var maxHeaderBytes: Int = 16 * 1024
    /// Bytes allowed in a request body (beyond: 413).
    public var maxBodyBytes: Int = 16 * 1024 * 1024
    /// Seconds a started request may take to arrive completely (beyond: 408 and close).
    public var requestTimeout: Double = 10
    /// Seconds an idle keep-alive connection is kept.
    public var idleTimeout: Double = 60
    /// Requests parsed ahead on one connection while earlier answers are pending (pipelining).
    public var maxPipelinedRequests: Int = 64
    /// Bodies larger than this are handed to the handler on the event loop's worker
    /// thread, so decoding them cannot hold up the loop's other connections.
    public var inlineBodyBytes: Int = 64 * 1024
    public init() {}
}

/// Why a request could not be parsed: the status to answer with and a message for the client.
public struct HTTPParseError: Error, Equatable, Sendable {
    public let status: HTTPStatus
    public let message: String
}

/// The outcome of one parse attempt over the bytes received so far.
public enum HTTPRequestParseResult: Sendable {
    /// More bytes are needed. `headersComplete` tells whether only the body is missing,
    /// `expectsContinue` whether the client waits for `100 Continue` before sending it.
    case incomplete(headersComplete: Bool, expectsContinue: Bool)
    /// A full request occupying the first `consumed` bytes.
    case complete(HTTPRequest, consumed: Int)
    case failed(HTTPParseError)
}

/// Parses HTTP/1.0 and 1.1 requests from a byte buffer (RFC 9112), one at a time, so
/// pipelined requests are taken in order. Bodies need Content-Length; chunked bodies
/// are refused with 411, other transfer codings with 501. Stateless: call again with
/// more bytes when the result is `.incomplete`.
public struct HTTPRequestParser: Sendable {
    public var limits: HTTPLimits
    public init(limits: HTTPLimits = HTTPLimits()) { self.limits = limits }

    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPRequestParseResult {
        var start = 0
        // RFC 9112 §2.2: ignore at least one empty line before the request line.
        while start < bytes.count, bytes[start] == 0x0D || bytes[start] == 0x0A { start += 1 }
        if start == bytes.count { return .incomplete(headersComplete: false, expectsContinue: false) }

        // Find the end of the header section: the first empty line (CRLF or bare LF ends a line).
        var lines: [(Int, Int)] = []
        lines.reserveCapacity(16)
        var lineStart = start
        var headerEnd = -1
        var i = start
        let scanLimit = min(bytes.count, start + limits.maxHeaderBytes)
        while i < scanLimit {
            if bytes[i] == 0x0A {
                var lineEnd = i
                if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if lineEnd == lineStart { headerEnd = i + 1; break }
                lines.append((lineStart, lineEnd))
                lineStart = i + 1
            }
            i += 1
        }
        if headerEnd < 0 {
            if bytes.count - start < limits.maxHeaderBytes {
                // A request line alone over the limit is a too-long URI.
                return .incomplete(headersComplete: false, expectsContinue: false)
            }
            if lines.isEmpty {
                return .failed(HTTPParseError(status: .uriTooLong, message: "request line exceeds \(limits.maxHeaderBytes) bytes"))
            }
            return .failed(HTTPParseError(status: .headersTooLarge, message: "request headers exceed \(limits.maxHeaderBytes) bytes"))
        }

        // Request line: method SP request-target SP HTTP-version.
        let (ls, le) = lines[0]
        guard let sp1 = firstIndex(of: 0x20, in: bytes, from: ls, to: le), sp1 > ls,
              let sp2 = firstIndex(of: 0x20, in: bytes, from: sp1 + 1, to: le), sp2 > sp1 + 1
        else { return .failed(HTTPParseError(status: .badRequest, message: "malformed request line")) }
        for j in ls..<sp1 where !isTokenChar(bytes[j]) {
            return .failed(HTTPParseError(status: .badRequest, message: "malformed method"))
        }
        for j in (sp1 + 1)..<sp2 where bytes[j] <= 0x20 || bytes[j] == 0x7F {
            return .failed(HTTPParseError(status: .badRequest, message: "malformed request target"))
        }
        let versionLength = le - sp2 - 1
        guard versionLength == 8, matches(bytes, at: sp2 + 1, "HTTP/1.") else {
            if versionLength == 8, matches(bytes, at: sp2 + 1, "HTTP/"), isDigit(bytes[sp2 + 6]), bytes[sp2 + 7] == 0x2E, isDigit(bytes[sp2 + 8]) {
                return .failed(HTTPParseError(status: .versionNotSupported, message: "only HTTP/1.0 and HTTP/1.1 are supported"))
            }
            return .failed(HTTPParseError(status: .badRequest, message: "malformed HTTP version"))
        }
        let minor = Int(bytes[le - 1]) - 0x30
        guard minor == 0 || minor == 1 else {
            return .failed(HTTPParseError(status: .versionNotSupported, message: "only HTTP/1.0 and HTTP/1.1 are supported"))
        }
        let method = string(bytes, ls, sp1)
        let target = string(bytes, sp1 + 1, sp2)

        // Header fields.
        var headers = HTTPHeaders()
        var contentLength: Int? = nil
        var hasHost = false
        var transferEncoding: String? = nil
        var connectionTokens: [String] = []
        var expectsContinue = false
        for (hs, he) in lines.dropFirst() {
            if bytes[hs] == 0x20 || bytes[hs] == 0x09 {
                return .failed(HTTPParseError(status: .badRequest, message: "obsolete header line folding is not accepted"))
            }
            guard let colon = firstIndex(of: 0x3A, in: bytes, from: hs, to: he), colon > hs else {
                return .failed(HTTPParseError(status: .badRequest, message: "malformed header line"))
            }
            for j in hs..<colon where !isTokenChar(bytes[j]) {
                return .failed(HTTPParseError(status: .badRequest, message: "malformed header name"))
            }
            var vs = colon + 1, ve = he
            while vs < ve, bytes[vs] == 0x20 || bytes[vs] == 0x09 { vs += 1 }
            while ve > vs, bytes[ve - 1] == 0x20 || bytes[ve - 1] == 0x09 { ve -= 1 }
            for j in vs..<ve where (bytes[j] < 0x20 && bytes[j] != 0x09) || bytes[j] == 0x7F {
                return .failed(HTTPParseError(status: .badRequest, message: "control character in header value"))
            }
            let name = lowercasedString(bytes, hs, colon)
            let value = string(bytes, vs, ve)
            switch name {
            case "content-length":
                guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy(isDigit), let n = Int(value) else {
                    return .failed(HTTPParseError(status: .badRequest, message: "invalid Content-Length '\(value)'"))
                }
                if let previous = contentLength, previous != n {
                    return .failed(HTTPParseError(status: .badRequest, message: "conflicting Content-Length headers"))
                }
                contentLength = n
            case "host": hasHost = true
            case "transfer-encoding": transferEncoding = (transferEncoding.map { $0 + "," } ?? "") + value
            case "connection":
                connectionTokens += value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            case "expect":
                guard value.lowercased() == "100-continue" else {
                    return .failed(HTTPParseError(status: HTTPStatus(417), message: "unsupported expectation '\(value)'"))
                }
                expectsContinue = minor == 1
            default: break
            }
            headers.appendLowercased(name, value)
        }
        if minor == 1, !hasHost {
            return .failed(HTTPParseError(status: .badRequest, message: "HTTP/1.1 request without Host header"))
        }
        if let te = transferEncoding {
            if contentLength != nil {
                return .failed(HTTPParseError(status: .badRequest, message: "both Transfer-Encoding and Content-Length"))
            }
            if te.lowercased().contains("chunked") {
                return .failed(HTTPParseError(status: .lengthRequired, message: "chunked request bodies are not supported; send a Content-Length"))
            }
            return .failed(HTTPParseError(status: .notImplemented, message: "unsupported Transfer-Encoding '\(te)'"))
        }
        let bodyLength = contentLength ?? 0
        if bodyLength > limits.maxBodyBytes {
            return .failed(HTTPParseError(status: .payloadTooLarge, message: "body of \(bodyLength) bytes exceeds the limit of \(limits.maxBodyBytes)"))
        }
        if bytes.count - headerEnd < bodyLength {
            return .incomplete(headersComplete: true, expectsContinue: expectsContinue)
        }
        let body = Array(UnsafeBufferPointer(rebasing: bytes[headerEnd..<(headerEnd + bodyLength)]))
        let keepAlive = minor == 1 ? !connectionTokens.contains("close") : connectionTokens.contains("keep-alive")
        let request = HTTPRequest(method: method, target: target, minorVersion: minor, headers: headers, body: body, keepAlive: keepAlive)
        return .complete(request, consumed: headerEnd + bodyLength)
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

/// RFC 9110 tchar.
@inline(__always) func isTokenChar(_ c: UInt8) -> Bool {
    switch c {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
    case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: return true
    default: return false
    }
}

func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
    var i = from
    while i < to { if bytes[i] == byte { return i }; i += 1 }
    return nil
}

func matches(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, _ literal: StaticString) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard offset + n <= bytes.count else { return false }
    let p = literal.utf8Start
    for k in 0..<n where bytes[offset + k] != p[k] { return false }
    return true
}

func string(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
}

/// The bytes as a String with ASCII letters lower-cased (header names are ASCII tokens).
func lowercasedString(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
    String(unsafeUninitializedCapacity: to - from) { out in
        for i in from..<to {
            let c = bytes[i]
            out[i - from] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
        }
        return to - from
    }
}
