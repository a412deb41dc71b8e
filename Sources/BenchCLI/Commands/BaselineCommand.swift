/// `bench baseline`: groups the baseline subcommands (`bench baseline update`).
enum BaselineCommand {
    static let configuration = CommandConfiguration(
        name: "baseline",
        abstract: "store the newest result as this machine's baseline (`baseline update --suite S`)",
        usage: ["baseline update --suite S [--from PATH]"],
        subcommands: [CommandEntry(BaselineUpdateCommand.self)])
}
