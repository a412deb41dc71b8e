import Foundation

/// One running lockstep worker: a child `bench lockstep-worker` with a pipe each way and
/// its stderr in a log file.
final class WorkerProcess {
    let side: String
    let log: String
    private let process = Process()
    private let channel: LineChannel
    private let toWorker = Pipe(), fromWorker = Pipe()
    private(set) var hello: (instances: [LockstepInstance], pinnedCPU: Int?, pinning: String?, nice: Int?)

    /// Starts `executable` with `request` and waits for its hello.
    init(side: String, executable: String, workingDirectory: String?, request: LockstepWorkerRequest,
         log: String) throws {
        self.side = side
        self.log = log
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = try request.arguments()
        process.environment = ParentDeath.childEnvironment()  // a killed parent takes its workers along
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardInput = toWorker
        process.standardOutput = fromWorker
        process.standardError = FileHandle(forWritingAtPath: log) ?? FileHandle.nullDevice
        channel = LineChannel(input: fromWorker.fileHandleForReading.fileDescriptor,
                              output: toWorker.fileHandleForWriting.fileDescriptor)
        hello = ([], nil, nil, nil)
        do {
            try process.run()
        } catch {
            throw LockstepError.workerFailed(side: side, benchmark: nil, detail: "cannot start \(executable): \(error)", log: nil)
        }
        let reply: LockstepReply
        do {
            reply = try channel.receive(LockstepReply.self)
        } catch {
            stop()
            throw LockstepError.unsupported(side: side, detail: "no lockstep hello: \(lastLogLine() ?? "\(error)")")
        }
        guard case .hello(let version, let instances, let pinnedCPU, let pinning, let nice) = reply, version == LockstepProtocol.version else {
            stop()
            throw LockstepError.unsupported(side: side, detail: "protocol version differs from \(LockstepProtocol.version)")
        }
        hello = (instances, pinnedCPU, pinning, nice)
    }

    /// Sends `command` and returns the worker's reply; a `failed` reply becomes an error.
    func ask(_ command: LockstepCommand, benchmark: String) throws -> LockstepReply {
        let reply: LockstepReply
        do {
            try channel.send(command)
            reply = try channel.receive(LockstepReply.self)
        } catch {
            throw LockstepError.workerFailed(side: side, benchmark: benchmark,
                                             detail: lastLogLine() ?? "the worker stopped answering (\(error))", log: log)
        }
        if case .failed(let message) = reply {
            throw LockstepError.workerFailed(side: side, benchmark: benchmark, detail: message, log: log)
        }
        return reply
    }

    /// Sends `command` and returns what `extract` takes from the reply; a reply of another
    /// kind means the two sides disagree on the protocol.
    func expect<T>(_ command: LockstepCommand, benchmark: String, _ extract: (LockstepReply) -> T?) throws -> T {
        let reply = try ask(command, benchmark: benchmark)
        guard let value = extract(reply) else {
            throw LockstepError.workerFailed(side: side, benchmark: benchmark, detail: "unexpected reply \(reply) to \(command)", log: log)
        }
        return value
    }

    /// Closes the worker's stdin (it exits on end of input) and waits for it.
    func stop() {
        try? toWorker.fileHandleForWriting.close()
        if process.isRunning { process.waitUntilExit() }
    }

    private func lastLogLine() -> String? {
        (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").last.map(String.init)
    }
}
