import Foundation
import Serving

/// What `bench load` sends, as its options say it: plain requests to a path, streamed
/// OpenAI completions, or infer requests (inputs given, or read from the model's
/// metadata when it runs). Built into a `LoadRequest` only when the run starts, since
/// the metadata comes from the server.
enum LoadRequestPlan {
    /// The wire protocol of `--protocol`.
    enum WireProtocol: String, CaseIterable, Sendable {
        case kserve, openai, openaiChat = "openai-chat"
    }

    case plain(method: String, path: String)
    case completion(chat: Bool, promptWords: Int, maxTokens: Int)
    /// `inputs` empty: from the model's metadata; `inputData`: a perf_analyzer JSON file.
    case infer(inputs: [InputSpec], inputData: String?, binary: Bool)

    /// Whether the answers stream tokens (and token SLOs apply).
    var streamsTokens: Bool {
        if case .completion = self { return true }
        return false
    }

    /// The request to send, with `headers` on every one.
    func request(target: LoadTarget, seed: UInt64, headers: [(name: String, value: String)]) throws -> LoadRequest {
        var request: LoadRequest
        do {
            switch self {
            case .plain(let method, let path):
                request = LoadRequest(method: method, path: path)
            case .completion(let chat, let promptWords, let maxTokens):
                request = LoadRequest.completion(target: target, chat: chat, promptWords: promptWords, maxTokens: maxTokens, seed: seed)
            case .infer(let given, let inputData, let binary):
                let specs = given.isEmpty ? try target.inputSpecs(headers: headers) : given
                if let file = inputData {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw UsageError("load: --input-data \(file): cannot read the file", option: "--input-data", value: file,
                                         remedy: "check the path")
                    }
                    let payloads = try InputDataFile.parse(Array(data), specs: specs, path: file)
                    request = try LoadRequest.infer(target: target, payloads: payloads, binary: binary)
                } else {
                    request = try LoadRequest.infer(target: target, inputs: specs, seed: seed, binary: binary)
                }
            }
        } catch let error as LoadGeneratorError {
            throw UsageError("load: \(error.message)")
        }
        request.headers = headers
        return request
    }
}
