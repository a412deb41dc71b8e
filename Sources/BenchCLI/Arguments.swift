/// A command's options, parsed by hand (no third-party parser): `--name value`,
/// `--name=value`, boolean flags, positionals and `--` to end options.
struct OptionSpec: Sendable {
    let name: String
    let valueName: String?
    let help: String
    /// May be given several times; read every value with `ParsedArguments.values(_:)`.
    var repeatable = false
    var takesValue: Bool { valueName != nil }

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help)
    }

    static func value(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help)
    }

    static func values(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, repeatable: true)
    }
}

struct ParsedArguments: Equatable {
    var positionals: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var repeated: [String: [String]] = [:]

    func value(_ name: String) -> String? { values[name] }
    /// Every value of a repeatable option, in order.
    func values(_ name: String) -> [String] { repeated[name] ?? [] }
    func has(_ name: String) -> Bool { flags.contains(name) }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) expects a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    func double(_ name: String, in range: ClosedRange<Double>, what: String) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError("--\(name) expects \(what), got '\(text)'")
        }
        return value
    }

    func choice(_ name: String, _ choices: [String]) throws -> String? {
        guard let text = values[name] else { return nil }
        guard choices.contains(text) else {
            throw UsageError("--\(name) must be one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }
}

/// Bad command-line usage: one line, exit code 2.
struct UsageError: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}

enum ArgumentParser {
    static func parse(_ arguments: [String], options: [OptionSpec], command: String) throws -> ParsedArguments {
        var parsed = ParsedArguments()
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
            guard argument.hasPrefix("--") else {
                throw UsageError("\(command): unknown option '\(argument)'; options start with '--' (see `bench \(command) --help`)")
            }
            let body = argument.dropFirst(2)
            let name = String(body.split(separator: "=", maxSplits: 1).first ?? "")
            let inlineValue = body.contains("=") ? String(body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[1]) : nil
            guard let spec = options.first(where: { $0.name == name }) else {
                let hint = suggestion(for: name, among: options.map(\.name)).map { "; did you mean --\($0)?" } ?? ""
                throw UsageError("\(command): unknown option '--\(name)'\(hint) (see `bench \(command) --help`)")
            }
            if spec.takesValue {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                    value = arguments[index]
                    index += 1
                } else {
                    throw UsageError("\(command): --\(name) needs a value (\(spec.valueName ?? "VALUE"))")
                }
                if spec.repeatable {
                    parsed.repeated[name, default: []].append(value)
                    continue
                }
                if parsed.values[name] != nil {
                    throw UsageError("\(command): --\(name) given more than once")
                }
                parsed.values[name] = value
            } else {
                if inlineValue != nil {
                    throw UsageError("\(command): --\(name) takes no value")
                }
                parsed.flags.insert(name)
            }
        }
        return parsed
    }

    /// The closest known option within edit distance 2, for "did you mean".
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// Help text: usage line, description, then each option.
    static func help(usage: String, description: String, options: [OptionSpec]) -> String {
        var text = "usage: \(usage)\n\n\(description)\n"
        if !options.isEmpty {
            text += "\noptions:\n"
            let labels = options.map { "--\($0.name)" + ($0.valueName.map { " \($0)" } ?? "") }
            let width = (labels.map(\.count).max() ?? 0) + 2
            for (label, option) in zip(labels, options) {
                text += "  " + label + String(repeating: " ", count: width - label.count) + option.help + "\n"
            }
        }
        return text
    }
}
