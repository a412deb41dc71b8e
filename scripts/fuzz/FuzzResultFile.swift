import Foundation

/// libFuzzer entry: the result-file decoder (`JSONFiles.decodeResultFile`, what
/// `readResultFile` runs on a file's bytes) over arbitrary bytes. It must answer with a
/// `BenchError` or a file; a file it accepts must encode, and decoding that encoding must
/// give the same bytes again (one normalisation at most: 1.0 reads back as 1).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResultFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let file: ResultFile
    do {
        file = try JSONFiles.decodeResultFile(Data(bytes: data, count: size), path: "fuzz.json")
    } catch is BenchError {
        return 0
    } catch {
        preconditionFailure("untyped error: \(error)")
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let once = try? encoder.encode(file) else { preconditionFailure("an accepted file does not encode") }
    guard let reread = try? JSONFiles.decodeResultFile(once, path: "fuzz.json") else {
        preconditionFailure("an accepted file, written, is refused")
    }
    precondition((try? encoder.encode(reread)) == once, "a file changed through write and read")
    return 0
}
