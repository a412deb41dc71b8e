enum ServeCommand {
    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        throw UsageError("serve: not available in this build yet")
    }
}
