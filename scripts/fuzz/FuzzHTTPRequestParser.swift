/// libFuzzer entry: the HTTP request parser over arbitrary bytes, taking pipelined
/// requests one after another as the event loop does. Any trap, or a parse that claims
/// to consume nothing or more than it was given, is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var limits = HTTPLimits()
    limits.maxHeaderBytes = 2048
    limits.maxBodyBytes = 4096
    let parser = HTTPRequestParser(limits: limits)
    var buffer = UnsafeBufferPointer(start: data, count: size)
    while case .complete(let request, let consumed) = parser.parse(buffer) {
        precondition(consumed > 0 && consumed <= buffer.count, "consumed \(consumed) of \(buffer.count) bytes")
        precondition(request.body.count <= limits.maxBodyBytes)
        buffer = UnsafeBufferPointer(rebasing: buffer[consumed...])
    }
    return 0
}
