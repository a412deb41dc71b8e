import Foundation

/// Shows which benchmark is running and how far the run is: a self-updating line on a
/// terminal, plain lines otherwise (CI logs), nothing when quiet. Names and messages are
/// escaped for the terminal, so only this reporter's own codes reach it.
public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable { case terminal, lines, quiet }
    private let style: Style
    private let label: String
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()

    /// `label` prefixes every line, e.g. "process 2/5"; `write` takes the text (stderr by default).
    public init(style: Style, label: String = "",
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.style = style
        self.label = label
        self.write = write
    }

    /// Terminal style when stderr is a terminal, plain lines otherwise.
    public static func automatic(label: String = "") -> ProgressReporter {
        ProgressReporter(style: isatty(STDERR_FILENO) == 1 ? .terminal : .lines, label: label)
    }

    public func started(_ name: String, position: Int, of total: Int) {
        let prefix = label.isEmpty ? "" : "\(label) "
        let text = "\(prefix)[\(position)/\(total)] \(name)".escapedForTerminal
        switch style {
        case .terminal: emit("\r\u{1B}[2K" + text)
        case .lines: emit(text + "\n")
        case .quiet: break
        }
    }

    public func message(_ text: String) {
        let text = text.escapedForTerminal
        switch style {
        case .terminal: emit("\r\u{1B}[2K" + text + "\n")
        case .lines: emit(text + "\n")
        case .quiet: break
        }
    }

    public func finished() {
        if style == .terminal { emit("\r\u{1B}[2K") }
    }

    private func emit(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        write(text)
    }
}
