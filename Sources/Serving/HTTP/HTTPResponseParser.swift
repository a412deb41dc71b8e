/// A response read by a client.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The server will close the connection after this response.
    public var closes: Bool
}

/// The outcome of one parse attempt over received bytes.
public enum HTTPResponseParseResult: Sendable {
    case incomplete
    case complete(HTTPClientResponse, consumed: Int)
    case failed(String)
}

/// Parses HTTP/1.x responses with Content-Length or chunked bodies; skips 1xx interim
/// responses. Bodies of HEAD answers and of 204/304 are empty.
public struct HTTPResponseParser: Sendable {
    public var maxHeaderBytes = 64 * 1024
    public var maxBodyBytes = 256 * 1024 * 1024
    /// When false, header fields are checked but not kept (the load generator's fast path).
    public var collectHeaders = true
    public init() {}

    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, headRequest: Bool = false) -> HTTPResponseParseResult {
        var offset = 0
        while true {
            let result = parseOne(bytes, from: offset, headRequest: headRequest)
            // Interim 1xx answers precede the final one.
            if case .complete(let response, let consumed) = result, (100..<200).contains(response.status) {
                offset = consumed
                continue
            }
            return result
        }
    }

    private func parseOne(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, headRequest: Bool) -> HTTPResponseParseResult {
        var lines: [(Int, Int)] = []
        var lineStart = start
        var headerEnd = -1
        var i = start
        while i < bytes.count {
            if bytes[i] == 0x0A {
                var lineEnd = i
                if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if lineEnd == lineStart { headerEnd = i + 1; break }
                lines.append((lineStart, lineEnd))
                lineStart = i + 1
            }
            i += 1
            if i - start > maxHeaderBytes { return .failed("response headers exceed \(maxHeaderBytes) bytes") }
        }
        guard headerEnd >= 0 else { return .incomplete }
        guard let (ls, le) = lines.first, le - ls >= 12, matches(bytes, at: ls, "HTTP/1."),
              isDigit(bytes[ls + 9]), isDigit(bytes[ls + 10]), isDigit(bytes[ls + 11])
        else { return .failed("malformed status line") }
        let status = Int(bytes[ls + 9] - 0x30) * 100 + Int(bytes[ls + 10] - 0x30) * 10 + Int(bytes[ls + 11] - 0x30)
        let minor = bytes[ls + 7]
        var headers = HTTPHeaders()
        var contentLength: Int? = nil
        var chunked = false
        var closes = minor == UInt8(ascii: "0")
        for (hs, he) in lines.dropFirst() {
            guard let colon = firstIndex(of: 0x3A, in: bytes, from: hs, to: he) else { return .failed("malformed header line") }
            var vs = colon + 1, ve = he
            while vs < ve, bytes[vs] == 0x20 || bytes[vs] == 0x09 { vs += 1 }
            while ve > vs, bytes[ve - 1] == 0x20 || bytes[ve - 1] == 0x09 { ve -= 1 }
            if matchesLowercased(bytes, hs, colon, "content-length") {
                var n = 0
                guard ve > vs, ve - vs <= 18 else { return .failed("invalid Content-Length") }
                for j in vs..<ve {
                    guard isDigit(bytes[j]) else { return .failed("invalid Content-Length") }
                    n = n * 10 + Int(bytes[j] - 0x30)
                }
                contentLength = n
            } else if matchesLowercased(bytes, hs, colon, "transfer-encoding") {
                chunked = string(bytes, vs, ve).lowercased().contains("chunked")
            } else if matchesLowercased(bytes, hs, colon, "connection") {
                let v = string(bytes, vs, ve).lowercased()
                if v.contains("close") { closes = true } else if v.contains("keep-alive") { closes = false }
            }
            if collectHeaders { headers.appendLowercased(lowercasedString(bytes, hs, colon), string(bytes, vs, ve)) }
        }
        if headRequest || status == 204 || status == 304 || (100..<200).contains(status) {
            return .complete(HTTPClientResponse(status: status, headers: headers, body: [], closes: closes), consumed: headerEnd)
        }
        if chunked {
            return parseChunked(bytes, from: headerEnd, status: status, headers: headers, closes: closes)
        }
        guard let length = contentLength else {
            return .failed("response without Content-Length or chunked encoding is not supported")
        }
        guard length <= maxBodyBytes else { return .failed("response body of \(length) bytes is too large") }
        guard bytes.count - headerEnd >= length else { return .incomplete }
        let body = Array(UnsafeBufferPointer(rebasing: bytes[headerEnd..<(headerEnd + length)]))
        return .complete(HTTPClientResponse(status: status, headers: headers, body: body, closes: closes), consumed: headerEnd + length)
    }

    private func parseChunked(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, status: Int, headers: HTTPHeaders,
                              closes: Bool) -> HTTPResponseParseResult {
        var body: [UInt8] = []
        var p = start
        while true {
            guard let lineEnd = firstIndex(of: 0x0A, in: bytes, from: p, to: bytes.count) else { return .incomplete }
            var size = 0
            var q = p
            var sawDigit = false
            while q < lineEnd, let d = hexValue(bytes[q]) {
                size = size * 16 + d
                sawDigit = true
                q += 1
                if size > maxBodyBytes { return .failed("chunk too large") }
            }
            guard sawDigit else { return .failed("malformed chunk size") }
            p = lineEnd + 1
            if size == 0 {
                // Trailer section ends with an empty line.
                while true {
                    guard let end = firstIndex(of: 0x0A, in: bytes, from: p, to: bytes.count) else { return .incomplete }
                    let empty = end == p || (end == p + 1 && bytes[p] == 0x0D)
                    p = end + 1
                    if empty { break }
                }
                return .complete(HTTPClientResponse(status: status, headers: headers, body: body, closes: closes), consumed: p)
            }
            guard bytes.count - p >= size + 2 else { return .incomplete }
            body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[p..<(p + size)]))
            p += size
            if bytes[p] == 0x0D { p += 1 }
            guard p < bytes.count, bytes[p] == 0x0A else { return .failed("malformed chunk terminator") }
            p += 1
            if body.count > maxBodyBytes { return .failed("response body too large") }
        }
    }

    private func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: Int(c - 0x30)
        case 0x41...0x46: Int(c - 0x41 + 10)
        case 0x61...0x66: Int(c - 0x61 + 10)
        default: nil
        }
    }
}

/// Whether bytes[from..<to] equal `lowercase` ignoring ASCII case.
func matchesLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ lowercase: StaticString) -> Bool {
    guard to - from == lowercase.utf8CodeUnitCount else { return false }
    let p = lowercase.utf8Start
    for k in 0..<(to - from) {
        let c = bytes[from + k]
        if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != p[k] { return false }
    }
    return true
}
