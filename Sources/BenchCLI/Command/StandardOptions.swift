/// The options every command and subcommand takes: help and version.
enum StandardOptions {
    static let help = Flag("help", "show this help").short("h")
    static let version = Flag("version", "show the version of bench and its build configuration")

    static var declarations: [OptionDeclaration] { [help.declaration, version.declaration] }

    /// What the arguments ask before anything else: help or the version (looked for up
    /// to `--`, so `bench compare BASE NEW -h` shows help even with other mistakes).
    enum Request { case help, version }

    static func request(in arguments: [String]) -> Request? {
        let options = arguments.prefix { $0 != "--" }
        if options.contains(where: { $0 == "-h" || $0 == "--help" }) { return .help }
        if options.contains("--version") { return .version }
        return nil
    }
}
