import Foundation

/// Somewhere text goes: stdout, stderr, or a test's buffer. `isTerminal` decides
/// colour (stdout) and the self-updating progress line (stderr).
public struct TextSink: Sendable {
    public let isTerminal: Bool
    public let write: @Sendable (String) -> Void

    public init(isTerminal: Bool, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.write = write
    }

    public static var standardOutput: TextSink {
        TextSink(isTerminal: isatty(STDOUT_FILENO) == 1) { FileHandle.standardOutput.write(Data($0.utf8)) }
    }

    public static var standardError: TextSink {
        TextSink(isTerminal: isatty(STDERR_FILENO) == 1) { FileHandle.standardError.write(Data($0.utf8)) }
    }
}
