/// Splits a command's arguments by its declared options: `--name value`,
/// `--name=value`, `-x value` for declared one-letter aliases, flags, positionals, and
/// `--` to end options. Mistakes are `UsageError`s naming the command.
enum ArgumentParser {
    /// `command` is the command path used in messages ("baseline update").
    static func parse(_ arguments: [String], options: [OptionDeclaration], command: String) throws -> ParsedArguments {
        var parsed = ParsedArguments(original: arguments)
        let seeHelp = "see `bench \(command) --help`"
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            let (typed, inlineValue) = split(argument)
            let declaration: OptionDeclaration
            if typed.hasPrefix("--") {
                let name = String(typed.dropFirst(2))
                guard let found = options.first(where: { $0.name == name }) else {
                    let hint = Suggestion.closest(to: name, among: options.map(\.name)).map { "; did you mean --\($0)?" } ?? ""
                    throw UsageError("\(command): unknown option '--\(name)'\(hint) (\(seeHelp))", option: "--" + name)
                }
                declaration = found
            } else {
                guard typed.count == 2, let found = options.first(where: { $0.shortName == typed.last }) else {
                    let known = options.compactMap { $0.shortName.map { "-\($0)" } } + ["-h"]
                    throw UsageError("\(command): unknown option '\(typed)'; long options start with '--', short ones are \(known.joined(separator: ", ")) (\(seeHelp))",
                                     option: typed)
                }
                declaration = found
            }
            guard declaration.takesValue else {
                if inlineValue != nil {
                    throw UsageError("\(command): \(declaration.longForm) takes no value", option: declaration.longForm)
                }
                parsed.record(declaration, value: nil)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                value = arguments[index]
                index += 1
            } else {
                throw UsageError("\(command): \(declaration.longForm) needs a value (\(declaration.valueName ?? "VALUE"))",
                                 option: declaration.longForm)
            }
            if !declaration.repeatable, parsed.isGiven(declaration) {
                throw UsageError("\(command): \(declaration.longForm) given more than once", option: declaration.longForm,
                                 remedy: "give it once")
            }
            parsed.record(declaration, value: value)
        }
        return parsed
    }

    /// "--name=value" into ("--name", "value"); only the first "=" splits.
    private static func split(_ argument: String) -> (option: String, value: String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
