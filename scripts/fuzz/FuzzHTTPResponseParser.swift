/// libFuzzer entry: the HTTP response parser (Content-Length, chunked, interim 1xx) over
/// arbitrary bytes, as a GET and as a HEAD answer. Any trap, or a parse that claims to
/// consume nothing or more than it was given, is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPResponseParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var parser = HTTPResponseParser()
    parser.maxHeaderBytes = 2048
    parser.maxBodyBytes = 4096
    for headRequest in [false, true] {
        var buffer = UnsafeBufferPointer(start: data, count: size)
        while case .complete(let response, let consumed) = parser.parse(buffer, headRequest: headRequest) {
            precondition(consumed > 0 && consumed <= buffer.count, "consumed \(consumed) of \(buffer.count) bytes")
            precondition(response.body.count <= parser.maxBodyBytes)
            buffer = UnsafeBufferPointer(rebasing: buffer[consumed...])
        }
    }
    return 0
}
