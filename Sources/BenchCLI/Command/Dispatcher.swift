/// From the arguments to a command: finds the command (and subcommand) in the registry,
/// answers `-h`/`--help` and `--version` for any of them, parses the rest by the
/// command's declared options and runs it.
enum Dispatcher {
    static func dispatch(_ arguments: [String], context: CommandContext) throws -> Int32 {
        guard let first = arguments.first else {
            context.console.print(HelpText.topLevel)
            return ExitCode.badInput
        }
        switch first {
        case "-h", "--help":
            context.console.print(HelpText.topLevel)
            return ExitCode.success
        case "--version":
            context.console.print(Version.description)
            return ExitCode.success
        case "help":
            return try help(for: Array(arguments.dropFirst()), context: context)
        case _ where first.hasPrefix("-"):
            return try execute(CommandRegistry.defaultCommand, path: [CommandRegistry.defaultCommand.name], arguments, context: context)
        default:
            guard let entry = CommandRegistry.command(named: first) else {
                let hint = Suggestion.closest(to: first, among: CommandRegistry.visible.map(\.name)).map { "; did you mean `bench \($0)`?" } ?? ""
                throw UsageError("unknown command '\(first)'\(hint)", remedy: "see `bench --help`")
            }
            return try execute(entry, path: [first], Array(arguments.dropFirst()), context: context)
        }
    }

    /// Runs `entry` (reached by `path`) with `arguments`, descending into its subcommands.
    private static func execute(_ entry: CommandEntry, path: [String], _ arguments: [String],
                                context: CommandContext) throws -> Int32 {
        let command = path.joined(separator: " ")
        if let subcommand = arguments.first, !subcommand.hasPrefix("-"),
           let child = entry.configuration.subcommands.first(where: { $0.name == subcommand }) {
            return try execute(child, path: path + [subcommand], Array(arguments.dropFirst()), context: context)
        }
        switch StandardOptions.request(in: arguments) {
        case .help:
            context.console.print(HelpText.command(entry, path: path))
            return ExitCode.success
        case .version:
            context.console.print(Version.description)
            return ExitCode.success
        case nil:
            break
        }
        guard let run = entry.execute else {
            let usage = entry.configuration.subcommands.map { "`bench \($0.configuration.usage.first ?? $0.name)`" }
            throw UsageError("\(command): expected \(usage.joined(separator: " or "))", remedy: "see `bench \(command) --help`")
        }
        return try run(try ArgumentParser.parse(arguments, options: entry.acceptedOptions, command: command), context)
    }

    /// `bench help [command [subcommand]]`: the same help as `-h`.
    private static func help(for words: [String], context: CommandContext) throws -> Int32 {
        guard !words.isEmpty else {
            context.console.print(HelpText.topLevel)
            return ExitCode.success
        }
        let found = CommandRegistry.allPaths.first { $0.path == words }
        guard let found else {
            throw UsageError("help: no command `bench \(words.joined(separator: " "))`", remedy: "see `bench --help`")
        }
        context.console.print(HelpText.command(found.entry, path: found.path))
        return ExitCode.success
    }
}
