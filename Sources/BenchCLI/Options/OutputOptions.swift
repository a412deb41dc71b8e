import BenchCompare

/// The output options shared by the commands that write a report or a file: where to
/// (`--output`/`-o`) and in which format (`--format`).
enum OutputOptions {
    /// `--output PATH` (also `-o`); `help` says what is written there.
    static func output(_ help: String) -> Option<String> {
        Option.text("output", "PATH", help).short("o")
    }

    /// `--format` among `formats`, `fallback` when not given.
    static func format<Format: RawRepresentable & Sendable>(among formats: [Format], default fallback: Format,
                                                             _ help: String = "what to print")
        -> DefaultedOption<Format> where Format.RawValue == String {
        Option.choice("format", "FORMAT", among: formats, help).defaulting(to: fallback)
    }

    /// The comparison report's formats (`bench compare`, a run against its baseline).
    static let reportFormat = format(among: [ReportFormat.text, .json, .markdown], default: ReportFormat.text)
}

extension ReportFormat {
    /// A document for programs (JSON) or to paste (markdown): stdout holds it alone.
    var isDocument: Bool { self != .text }
}
