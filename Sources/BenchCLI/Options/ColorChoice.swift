/// `--color auto|always|never` and the environment's say (`NO_COLOR`, `TERM=dumb`):
/// whether text output carries ANSI colours.
enum ColorChoice: String, CaseIterable, Sendable {
    case auto, always, never

    static let option = Option.choice("color", "WHEN", among: allCases,
                                      "colour the text report: auto = when stdout is a terminal and neither NO_COLOR nor TERM=dumb says no")
        .defaulting(to: ColorChoice.auto)

    /// Whether to colour output going to `output`, given the environment `bench` runs in.
    /// `always` and `never` win over the environment; `auto` colours a terminal only when
    /// `NO_COLOR` is unset or empty and `TERM` is not `dumb`.
    func isEnabled(for output: TextSink, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            return output.isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }
}
