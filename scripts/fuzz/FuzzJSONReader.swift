/// libFuzzer entry: the JSON reader over arbitrary bytes. What it accepts must survive a
/// write and a second read unchanged (NaN cannot occur: the reader rejects it).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let value = try? JSONReader.parse(UnsafeBufferPointer(start: data, count: size)) else { return 0 }
    let written = JSONWriter.encode(value)
    guard let reread = try? JSONReader.parse(written) else { preconditionFailure("writer output does not parse back") }
    precondition(reread == value, "value changed through write and read")
    return 0
}
