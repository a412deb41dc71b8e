import BenchKit
import Benchmarks
import Foundation

/// The hidden command a lockstep parent starts, once per side per pair: plans its own
/// revision's suite, then serves turns over stdin/stdout (`LockstepProtocol`).
enum LockstepWorkerCommand {
    static let options: [OptionSpec] = [.value("request", "JSON", "the parent's LockstepWorkerRequest")]

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: LockstepProtocol.workerCommand)
        guard let text = parsed.value("request"),
              let request = try? JSONDecoder().decode(LockstepWorkerRequest.self, from: Data(text.utf8)) else {
            throw UsageError("\(LockstepProtocol.workerCommand) is internal: it needs --request with a lockstep request in JSON")
        }
        guard request.protocolVersion == LockstepProtocol.version else {
            throw UsageError("\(LockstepProtocol.workerCommand): protocol version \(request.protocolVersion) asked, this binary speaks \(LockstepProtocol.version)")
        }
        try Catalog.checkCPU()
        let selection = try Selection(suite: request.suitePath, filter: request.filter, timeBudget: request.timeBudget,
                                      threshold: request.threshold, processes: nil, workspace: workspace)
        try LockstepWorker(request: request, instances: selection.instances)
            .serve(LineChannel(input: STDIN_FILENO, output: STDOUT_FILENO))
        return BenchCLI.ExitCode.success
    }
}
