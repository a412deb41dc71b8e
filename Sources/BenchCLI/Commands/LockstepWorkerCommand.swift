import BenchKit
import Benchmarks
import Foundation

/// The hidden command a lockstep parent starts, once per side per pair: plans its own
/// revision's suite, then serves turns over stdin/stdout (`LockstepProtocol`).
enum LockstepWorkerCommand: Command {
    static let request = Option.text("request", "JSON", "the parent's LockstepWorkerRequest")

    static let configuration = CommandConfiguration(
        name: LockstepProtocol.workerCommand,
        abstract: "internal: one side of a lockstep pair, started by `bench` itself",
        usage: ["\(LockstepProtocol.workerCommand) --request JSON"],
        options: [request.declaration],
        hidden: true)

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> LockstepWorkerRequest {
        guard let text = try arguments.value(request),
              let decoded = try? JSONDecoder().decode(LockstepWorkerRequest.self, from: Data(text.utf8)) else {
            throw UsageError("\(LockstepProtocol.workerCommand) is internal: it needs --request with a lockstep request in JSON")
        }
        guard decoded.protocolVersion == LockstepProtocol.version else {
            throw UsageError("\(LockstepProtocol.workerCommand): protocol version \(decoded.protocolVersion) asked, this binary speaks \(LockstepProtocol.version)")
        }
        return decoded
    }

    static func run(_ request: LockstepWorkerRequest, context: CommandContext) throws -> Int32 {
        try Catalog.checkCPU()
        let selection = try Selection(suite: request.suitePath, filter: request.filter, timeBudget: request.timeBudget,
                                      threshold: request.threshold, processes: nil, workspace: context.workspace)
        try LockstepWorker(request: request, instances: selection.instances)
            .serve(LineChannel(input: STDIN_FILENO, output: STDOUT_FILENO))
        return ExitCode.success
    }
}
