/// Timestamps the server-sent events of one streamed answer (OpenAI's `stream: true`) as
/// its bytes arrive: each `data: ` event other than `data: [DONE]` is one token (or one
/// chunk of tokens, as servers send them). The bytes may still carry chunked framing, whose
/// size lines never contain `data: `.
struct TokenStream {
    private(set) var tokens = 0
    /// When the first and the latest token arrived (monotonic ns).
    private(set) var first: UInt64 = 0
    private(set) var last: UInt64 = 0
    /// The first byte not yet examined.
    private var scanned = 0

    private static let marker = Array("data: ".utf8)
    private static let done = Array("[DONE]".utf8)

    /// Counts the events in `bytes` after the part already scanned, as arrived at `now`;
    /// `gap` receives the time since the previous token for each token after the first.
    mutating func scan(_ bytes: [UInt8], now: UInt64, gap: (UInt64) -> Void) {
        let needed = Self.marker.count + Self.done.count
        while scanned + needed <= bytes.count {
            guard bytes[scanned] == Self.marker[0], bytes[scanned..<(scanned + Self.marker.count)].elementsEqual(Self.marker) else {
                scanned += 1
                continue
            }
            let payload = scanned + Self.marker.count
            scanned = payload
            if bytes[payload..<(payload + Self.done.count)].elementsEqual(Self.done) { continue }
            if tokens == 0 { first = now } else { gap(now - min(now, last)) }
            last = now
            tokens += 1
        }
    }
}
