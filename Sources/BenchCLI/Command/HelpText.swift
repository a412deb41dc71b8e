/// Help generated from the registry: a command's usage, discussion, subcommands and
/// options (each with its default), and the top-level command list.
enum HelpText {
    static func command(_ entry: CommandEntry, path: [String]) -> String {
        let configuration = entry.configuration
        let usage = configuration.usage.enumerated().map { index, line in
            (index == 0 ? "usage: bench " : "       bench ") + line
        }
        var text = usage.joined(separator: "\n") + "\n\n" + configuration.abstract.prefix(1).uppercased()
            + configuration.abstract.dropFirst() + ".\n"
        if !configuration.discussion.isEmpty { text += "\n" + configuration.discussion + "\n" }
        if !configuration.subcommands.isEmpty {
            text += "\ncommands:\n" + columns(configuration.subcommands.map { ($0.name, $0.configuration.abstract) })
            text += "\n`bench \(path.joined(separator: " ")) <command> --help` describes each command's options.\n"
        }
        text += "\noptions:\n" + columns(entry.acceptedOptions.map { ($0.label, $0.helpWithDefault) })
        return text
    }

    static var topLevel: String {
        var text = """
        usage: bench --suite S [options]        run a suite, compare with this machine's baseline
               bench <command> [options]

        BenchKit: benchmarks for ML-serving code (kernels, model serving), result files,
        baselines, and a statistical regression gate for CI.

        commands:

        """
        text += columns(CommandRegistry.visible.map { ($0.name, $0.configuration.abstract) })
        text += "\n`bench <command> --help` describes each command's options; `bench --version` names this build.\n"
        text += "Exit codes: 0 no significant regression, 1 significant regression (with --gate), 2 bad usage or input.\n"
        return text
    }

    /// Two aligned columns, indented by two spaces.
    private static func columns(_ rows: [(String, String)]) -> String {
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        return rows.map { left, right in
            "  " + left + String(repeating: " ", count: width - left.count) + right + "\n"
        }.joined()
    }
}
