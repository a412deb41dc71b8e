import Glibc
import Synchronization

/// The OpenAI-compatible completion API (`POST /v1/completions`, `/v1/chat/completions`)
/// over a small deterministic token generator, so that LLM-serving load (time to first
/// token, inter-token latency) can be measured here without a language model. A request
/// waits a prefill time that grows with its prompt, then yields `max_tokens` tokens, one
/// every `tokenInterval`; with `"stream": true` each token is a server-sent event
/// (`data: {...}`, then `data: [DONE]`) in a chunked answer, as vLLM and TGI send them.
/// Tokens are emitted by the event loops' `poll`, so no thread waits.
final class CompletionService: Sendable {
    /// How long the generator takes, in nanoseconds.
    struct Timing: Sendable {
        var prefillBase: UInt64 = 500_000
        var prefillPerPromptToken: UInt64 = 10_000
        var tokenInterval: UInt64 = 2_000_000
    }

    private struct Completion {
        let id: String
        let model: String
        let chat: Bool
        let stream: Bool
        let promptTokens: Int
        let maxTokens: Int
        let seed: Int
        let responder: HTTPResponder
        let done: @Sendable (HTTPStatus) -> Void
        var emitted = 0
        var nextDue: UInt64
        /// The event-loop thread that emits this completion's tokens (the first to poll it),
        /// so that its parts are sent in order.
        var owner: pthread_t? = nil
    }

    static let vocabulary = ["the", "model", "serves", "tokens", "over", "HTTP", "with", "low", "latency", "and",
                             "each", "request", "is", "measured", "from", "its", "schedule", "to", "last", "byte"]

    let timing: Timing
    private let active = Mutex<(completions: [Completion], counter: Int)>(([], 0))

    init(timing: Timing = Timing()) { self.timing = timing }

    /// Starts a completion for `body`, answered through `responder` (streamed or whole);
    /// `done` is called once the answer is complete. Returns an error answer instead when
    /// the body is not a valid request.
    func start(_ body: [UInt8], chat: Bool, responder: HTTPResponder,
               done: @escaping @Sendable (HTTPStatus) -> Void) -> HTTPResponse? {
        let json: JSONValue
        do { json = try JSONReader.parse(body) } catch { return .error(.badRequest, "malformed JSON body: \(error)") }
        guard case .string(let model)? = json["model"], !model.isEmpty else { return .error(.badRequest, "'model' must be a non-empty string") }
        var prompt = ""
        if chat {
            guard case .array(let messages)? = json["messages"], !messages.isEmpty else {
                return .error(.badRequest, "'messages' must be a non-empty array of {\"role\", \"content\"}")
            }
            for message in messages {
                guard case .string(let content)? = message["content"], message["role"]?.stringValue != nil else {
                    return .error(.badRequest, "each message needs a string 'role' and 'content'")
                }
                prompt += content + " "
            }
        } else {
            guard case .string(let text)? = json["prompt"] else { return .error(.badRequest, "'prompt' must be a string") }
            prompt = text
        }
        var maxTokens = 16
        if let value = json["max_tokens"] ?? json["max_completion_tokens"] {
            guard case .integer(let n) = value, (1...4096).contains(n) else {
                return .error(.badRequest, "'max_tokens' must be a whole number from 1 to 4096")
            }
            maxTokens = Int(n)
        }
        var stream = false
        if let value = json["stream"] {
            guard case .bool(let b) = value else { return .error(.badRequest, "'stream' must be true or false") }
            stream = b
        }
        let promptTokens = prompt.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
        let now = monotonicNanos()
        if stream {
            var head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n"
            if responder.closeAfter { head += "Connection: close\r\n" }
            responder.sendPart(Array((head + "\r\n").utf8), final: false)
        }
        let due = now + timing.prefillBase + UInt64(promptTokens) * timing.prefillPerPromptToken
        active.withLock { state in
            state.counter += 1
            state.completions.append(Completion(
                id: (chat ? "chatcmpl-" : "cmpl-") + String(state.counter), model: model, chat: chat, stream: stream,
                promptTokens: promptTokens, maxTokens: maxTokens, seed: prompt.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF },
                responder: responder, done: done, nextDue: due))
        }
        return nil
    }

    /// Emits the tokens that are due (of the completions this thread owns) and returns when
    /// the next one is due.
    func poll(now: UInt64) -> UInt64? {
        let me = pthread_self()
        var due: [(Completion, Int)] = []
        var next: UInt64? = nil
        active.withLock { state in
            guard !state.completions.isEmpty else { return }
            var kept: [Completion] = []
            for var completion in state.completions {
                if completion.owner == nil { completion.owner = me }
                guard pthread_equal(completion.owner!, me) != 0 else {
                    kept.append(completion)
                    continue
                }
                let first = completion.emitted
                while completion.emitted < completion.maxTokens && completion.nextDue <= now {
                    completion.emitted += 1
                    completion.nextDue += timing.tokenInterval
                }
                if completion.emitted > first { due.append((completion, first)) }
                if completion.emitted < completion.maxTokens {
                    kept.append(completion)
                    next = min(next ?? completion.nextDue, completion.nextDue)
                }
            }
            state.completions = kept
        }
        for (completion, first) in due { emit(completion, from: first) }
        return next
    }

    private func token(_ completion: Completion, _ index: Int) -> String {
        " " + Self.vocabulary[(completion.seed + index * 7) % Self.vocabulary.count]
    }

    /// Sends tokens `first..<emitted` of `completion`, and its end when it is complete.
    private func emit(_ completion: Completion, from first: Int) {
        let done = completion.emitted == completion.maxTokens
        guard completion.stream else {
            if done {
                completion.responder.send(.json(.ok, whole(completion)))
                completion.done(.ok)
            }
            return
        }
        var bytes: [UInt8] = []
        for index in first..<completion.emitted {
            appendChunk(event(completion, token: token(completion, index), first: index == 0, last: index == completion.maxTokens - 1), to: &bytes)
        }
        if done {
            appendChunk(Array("data: [DONE]\n\n".utf8), to: &bytes)
            bytes += Array("0\r\n\r\n".utf8)
        }
        completion.responder.sendPart(bytes, final: done)
        if done { completion.done(.ok) }
    }

    private func appendChunk(_ data: [UInt8], to bytes: inout [UInt8]) {
        bytes += Array((String(data.count, radix: 16) + "\r\n").utf8)
        bytes += data
        bytes += Array("\r\n".utf8)
    }

    private func header(_ completion: Completion, object: String, into w: inout JSONWriter) {
        w.raw("{\"id\":")
        w.string(completion.id)
        w.raw(",\"object\":")
        w.string(object)
        w.raw(",\"model\":")
        w.string(completion.model)
        w.raw(",\"choices\":[{\"index\":0,")
    }

    /// One server-sent event with one token.
    private func event(_ completion: Completion, token: String, first: Bool, last: Bool) -> [UInt8] {
        var w = JSONWriter(capacity: 200)
        w.raw("data: ")
        header(completion, object: completion.chat ? "chat.completion.chunk" : "text_completion", into: &w)
        if completion.chat {
            w.raw(first ? "\"delta\":{\"role\":\"assistant\",\"content\":" : "\"delta\":{\"content\":")
            w.string(token)
            w.raw("}")
        } else {
            w.raw("\"text\":")
            w.string(token)
        }
        w.raw(last ? ",\"finish_reason\":\"length\"}]}\n\n" : ",\"finish_reason\":null}]}\n\n")
        return w.bytes
    }

    /// The whole answer of a completion that was not streamed.
    private func whole(_ completion: Completion) -> [UInt8] {
        let text = (0..<completion.maxTokens).map { token(completion, $0) }.joined()
        var w = JSONWriter(capacity: 256 + text.utf8.count)
        header(completion, object: completion.chat ? "chat.completion" : "text_completion", into: &w)
        if completion.chat {
            w.raw("\"message\":{\"role\":\"assistant\",\"content\":")
            w.string(text)
            w.raw("}")
        } else {
            w.raw("\"text\":")
            w.string(text)
        }
        w.raw(",\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":")
        w.integer(completion.promptTokens)
        w.raw(",\"completion_tokens\":")
        w.integer(completion.maxTokens)
        w.raw(",\"total_tokens\":")
        w.integer(completion.promptTokens + completion.maxTokens)
        w.raw("}}")
        return w.bytes
    }
}
