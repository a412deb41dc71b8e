/// A typed option: its declaration and how its text becomes a value. Commands read
/// values only through these, in their parse step (`ParsedArguments.value(_:)`).
struct Option<Value: Sendable>: Sendable {
    var declaration: OptionDeclaration
    /// Converts the text given on the command line, or throws a `UsageError` naming it.
    let convert: @Sendable (String) throws -> Value
    /// How a value of this option is written in help (for its default).
    let describe: @Sendable (Value) -> String

    init(_ declaration: OptionDeclaration, describe: @escaping @Sendable (Value) -> String = { "\($0)" },
         convert: @escaping @Sendable (String) throws -> Value) {
        self.declaration = declaration
        self.convert = convert
        self.describe = describe
    }

    /// The same option with a one-letter alias (`-o` for `--output`).
    func short(_ letter: Character) -> Option {
        var copy = self
        copy.declaration.shortName = letter
        return copy
    }

    /// The same option with `value` used when it is not given, shown in help.
    func defaulting(to value: Value) -> DefaultedOption<Value> {
        var copy = self
        copy.declaration.defaultText = describe(value)
        return DefaultedOption(option: copy, defaultValue: value)
    }

    /// The same option, still optional, with help naming the default that the command
    /// works out when it is not given (e.g. "the suite's").
    func defaultDescribed(_ text: String) -> Option {
        var copy = self
        copy.declaration.defaultText = text
        return copy
    }

    /// The same option, accepted several times; every value is kept.
    func repeated() -> RepeatedOption<Value> {
        var copy = self
        copy.declaration.repeatable = true
        return RepeatedOption(option: copy)
    }
}

/// An option with a default declared once, next to the option: reading it always gives a value.
struct DefaultedOption<Value: Sendable>: Sendable {
    let option: Option<Value>
    let defaultValue: Value
    var declaration: OptionDeclaration { option.declaration }
}

/// An option that may be given several times.
struct RepeatedOption<Value: Sendable>: Sendable {
    let option: Option<Value>
    var declaration: OptionDeclaration { option.declaration }
}

/// An option without a value: present or not.
struct Flag: Sendable {
    var declaration: OptionDeclaration

    init(_ name: String, _ help: String) {
        declaration = OptionDeclaration(name: name, valueName: nil, help: help)
    }

    /// The same flag with a one-letter alias (`-h` for `--help`).
    func short(_ letter: Character) -> Flag {
        var copy = self
        copy.declaration.shortName = letter
        return copy
    }
}
