/// How one option is typed on the command line and shown in help: its long name, an
/// optional one-letter alias, the placeholder of its value (none for a flag), what it
/// does and its default. Every command's help is generated from these.
struct OptionDeclaration: Sendable, Equatable {
    /// The long name without dashes: "output" for `--output`.
    let name: String
    /// A one-letter alias: "o" for `-o`.
    var shortName: Character?
    /// The value's placeholder in help ("PATH"); nil for a flag.
    let valueName: String?
    let help: String
    /// The values it accepts, when they are a fixed list (help names them).
    var choices: [String]?
    /// The default as help shows it; nil when there is none worth showing.
    var defaultText: String?
    /// May be given several times (every value is kept, in order).
    var repeatable = false

    var takesValue: Bool { valueName != nil }
    var longForm: String { "--" + name }

    /// The left column of help: "-o, --output PATH".
    var label: String {
        (shortName.map { "-\($0), " } ?? "") + longForm + (valueName.map { " \($0)" } ?? "")
    }

    /// The right column of help: what it does, then its choices and default.
    var helpWithDefault: String {
        let notes = [choices.map { "one of " + $0.joined(separator: ", ") }, defaultText.map { "default: " + $0 }].compactMap { $0 }
        return notes.isEmpty ? help : help + " (" + notes.joined(separator: "; ") + ")"
    }
}
