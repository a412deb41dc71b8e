import BenchKit

/// Where a command's output goes: the report on stdout, notes, progress and errors on
/// stderr (so machine-readable stdout holds only the document).
struct Console: Sendable {
    let output: TextSink
    let errors: TextSink

    /// Text on stdout, ending with a newline.
    func print(_ text: String) { output.write(text.hasSuffix("\n") ? text : text + "\n") }
    /// Text on stdout exactly as given (a document written as it is).
    func write(_ text: String) { output.write(text) }
    /// One line on stderr, escaped for the terminal (it may quote names from files).
    func note(_ text: String) { errors.write(text.escapedForTerminal + "\n") }
    /// One error line on stderr, escaped for the terminal.
    func error(_ text: String) { errors.write("error: " + text.escapedForTerminal + "\n") }
}
