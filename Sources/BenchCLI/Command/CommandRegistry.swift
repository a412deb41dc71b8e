/// Every `bench` command, in the order the command list shows them. Dispatch, help,
/// the top-level command list and the README's command table (checked by a test) all
/// come from here.
enum CommandRegistry {
    static let commands: [CommandEntry] = [
        CommandEntry(RunCommand.self),
        CommandEntry(ListCommand.self),
        CommandEntry(CompareCommand.self),
        CommandEntry(group: BaselineCommand.configuration),
        CommandEntry(ServeCommand.self),
        CommandEntry(LoadCommand.self),
        CommandEntry(CICommand.self),
        CommandEntry(ExportCommand.self),
        CommandEntry(ReportCommand.self),
        CommandEntry(HistoryCommand.self),
        CommandEntry(MergeCommand.self),
        CommandEntry(RepetitionCommand.self),
        CommandEntry(LockstepWorkerCommand.self),
    ]

    /// The command a plain `bench --suite S` runs.
    static var defaultCommand: CommandEntry { commands[0] }

    /// The commands users see (internal ones left out).
    static var visible: [CommandEntry] { commands.filter { !$0.configuration.hidden } }

    static func command(named name: String) -> CommandEntry? {
        commands.first { $0.name == name }
    }

    /// Every command and subcommand with the words that reach it (["baseline", "update"]),
    /// depth first: what help and its tests walk.
    static var allPaths: [(path: [String], entry: CommandEntry)] {
        func walk(_ entry: CommandEntry, _ prefix: [String]) -> [(path: [String], entry: CommandEntry)] {
            let path = prefix + [entry.name]
            return [(path, entry)] + entry.configuration.subcommands.flatMap { walk($0, path) }
        }
        return commands.flatMap { walk($0, []) }
    }
}
