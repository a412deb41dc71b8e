/// One `bench` command: its configuration (name, help, options) and two steps. `parse`
/// turns the command line into the command's typed options, the only place that reads
/// `ParsedArguments`; `run` does the work with those options and returns the exit code.
protocol Command: SendableMetatype {
    associatedtype Options
    static var configuration: CommandConfiguration { get }
    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options
    static func run(_ options: Options, context: CommandContext) throws -> Int32
}

/// What the registry, the dispatcher and help know of a command.
struct CommandConfiguration: Sendable {
    /// The word typed after `bench` (or after the parent command).
    let name: String
    /// One line for the command list.
    let abstract: String
    /// Usage lines without "usage: bench " ("compare BASE.json NEW.json [--gate]").
    let usage: [String]
    /// Paragraphs of help below the usage.
    var discussion: String = ""
    /// The command's options, in help order (`--help` and `--version` are added to every command).
    var options: [OptionDeclaration] = []
    /// Commands reached through this one (`baseline update`); a command with
    /// subcommands does nothing itself.
    var subcommands: [CommandEntry] = []
    /// Internal commands (run by `bench` itself) are left out of the command list.
    var hidden = false
}

/// A command as the registry holds it: its configuration and its two steps joined.
struct CommandEntry: Sendable {
    let configuration: CommandConfiguration
    /// Parses and runs; nil for a command that only groups subcommands.
    let execute: (@Sendable (ParsedArguments, CommandContext) throws -> Int32)?

    init<C: Command>(_ command: C.Type) {
        configuration = C.configuration
        execute = { arguments, context in try C.run(try C.parse(arguments, context: context), context: context) }
    }

    /// A command that only groups `subcommands` (e.g. `baseline`).
    init(group configuration: CommandConfiguration) {
        self.configuration = configuration
        execute = nil
    }

    var name: String { configuration.name }

    /// The options the parser accepts: the command's own and the standard ones.
    var acceptedOptions: [OptionDeclaration] { configuration.options + StandardOptions.declarations }
}
