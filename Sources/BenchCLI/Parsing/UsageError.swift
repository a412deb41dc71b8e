/// Bad command-line usage, the one error type of the parsing layer and the commands'
/// argument checks: what is wrong (and, where known, with which option and value) and
/// what to do. `BenchCLI` prints it as one line on stderr and exits with 2.
struct UsageError: Error, Equatable {
    /// What is wrong, e.g. "--processes expects a whole number from 1 to 1000, got '0'".
    let problem: String
    /// The option concerned, with its dashes ("--processes"), when there is one.
    var option: String?
    /// The value given to `option`, when it was the value that was wrong.
    var value: String?
    /// What to do about it, e.g. "see `bench compare --help`".
    var remedy: String?

    init(_ problem: String, option: String? = nil, value: String? = nil, remedy: String? = nil) {
        self.problem = problem
        self.option = option
        self.value = value
        self.remedy = remedy
    }

    /// The line shown after "error: ".
    var message: String {
        remedy.map { "\(problem); \($0)" } ?? problem
    }

    /// A value that does not convert: "--NAME expects WHAT, got 'VALUE'".
    static func invalidValue(_ value: String, for option: String, expected: String) -> UsageError {
        UsageError("\(option) expects \(expected), got '\(value)'", option: option, value: value)
    }

    /// A value outside a fixed list: "--NAME must be one of A, B, got 'VALUE'".
    static func notOneOf(_ value: String, for option: String, choices: [String]) -> UsageError {
        UsageError("\(option) must be one of \(choices.joined(separator: ", ")), got '\(value)'", option: option, value: value)
    }
}
