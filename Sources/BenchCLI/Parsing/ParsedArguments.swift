/// A command line split into options and positionals, not yet typed. Commands turn it
/// into their options struct in their parse step, through typed `Option`s; nothing
/// reads an option from it by name.
struct ParsedArguments: Equatable {
    /// The arguments as given (for a command that re-runs itself with them).
    var original: [String] = []
    /// Arguments that are not options, in order.
    var positionals: [String] = []
    /// Every value given to each option that takes one, by long name.
    fileprivate(set) var valuesByName: [String: [String]] = [:]
    /// Flags given, by long name.
    fileprivate(set) var flagsGiven: Set<String> = []

    mutating func record(_ declaration: OptionDeclaration, value: String?) {
        if let value {
            valuesByName[declaration.name, default: []].append(value)
        } else {
            flagsGiven.insert(declaration.name)
        }
    }

    /// The option's value, converted; nil when it was not given.
    func value<Value>(_ option: Option<Value>) throws -> Value? {
        try valuesByName[option.declaration.name]?.last.map(option.convert)
    }

    /// The option's value, converted, or its declared default.
    func value<Value>(_ option: DefaultedOption<Value>) throws -> Value {
        try value(option.option) ?? option.defaultValue
    }

    /// Every value of a repeatable option, converted, in order.
    func values<Value>(_ option: RepeatedOption<Value>) throws -> [Value] {
        try (valuesByName[option.declaration.name] ?? []).map(option.option.convert)
    }

    func isSet(_ flag: Flag) -> Bool {
        flagsGiven.contains(flag.declaration.name)
    }

    /// Whether the option appeared at all (for options that only apply with others).
    func isGiven(_ declaration: OptionDeclaration) -> Bool {
        flagsGiven.contains(declaration.name) || valuesByName[declaration.name] != nil
    }
}
