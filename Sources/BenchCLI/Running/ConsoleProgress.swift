import BenchKit

extension Console {
    /// How progress is shown on stderr: nothing when quiet, a self-updating line on a
    /// terminal, otherwise (a CI log) plain lines.
    func progressStyle(quiet: Bool) -> ProgressReporter.Style {
        quiet ? .quiet : (errors.isTerminal ? .terminal : .lines)
    }

    /// A progress reporter writing to this console's stderr.
    func progressReporter(_ style: ProgressReporter.Style, label: String = "") -> ProgressReporter {
        ProgressReporter(style: style, label: label, write: errors.write)
    }
}
