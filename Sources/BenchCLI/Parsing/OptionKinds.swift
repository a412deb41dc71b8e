/// The kinds of values options take, each with its conversion and its error message.
extension Option where Value == String {
    /// Any text (a path, a name, a regular expression checked later).
    static func text(_ name: String, _ valueName: String, _ help: String) -> Option<String> {
        Option(OptionDeclaration(name: name, valueName: valueName, help: help)) { $0 }
    }
}

extension Option where Value == Int {
    /// A whole number within `range`.
    static func integer(_ name: String, _ valueName: String, in range: ClosedRange<Int>, _ help: String) -> Option<Int> {
        Option(OptionDeclaration(name: name, valueName: valueName, help: help)) { text in
            guard let value = Int(text), range.contains(value) else {
                throw UsageError.invalidValue(text, for: "--" + name,
                                              expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
    }
}

extension Option where Value == Double {
    /// A finite number within `range`; `expected` says what it is in the error message
    /// ("seconds between 0.001 and 3600").
    static func number(_ name: String, _ valueName: String, in range: ClosedRange<Double>, expected: String,
                       _ help: String) -> Option<Double> {
        Option(OptionDeclaration(name: name, valueName: valueName, help: help)) { text in
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                throw UsageError.invalidValue(text, for: "--" + name, expected: expected)
            }
            return value
        }
    }
}

extension Option where Value: RawRepresentable & Sendable, Value.RawValue == String {
    /// One of `choices`, named by their raw values; help lists them.
    static func choice(_ name: String, _ valueName: String, among choices: [Value], _ help: String) -> Option<Value> {
        let names = choices.map(\.rawValue)
        return Option(OptionDeclaration(name: name, valueName: valueName, help: help, choices: names),
                      describe: { $0.rawValue }) { text in
            guard let value = Value(rawValue: text), names.contains(text) else {
                throw UsageError.notOneOf(text, for: "--" + name, choices: names)
            }
            return value
        }
    }
}
