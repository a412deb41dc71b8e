/// A table rendered as aligned plain text or as a markdown table. Shared by every
/// report so columns look the same everywhere. Cells are escaped for the terminal when
/// rendered (`escapedForTerminal`): names from files cannot break a row or forge one.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    public init(headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// Aligned columns separated by two spaces. `decorate` may wrap a cell (e.g. in
    /// ANSI colour) after its width is computed, so colour never breaks alignment.
    public func renderText(decorate: ((_ row: Int, _ column: Int, _ cell: String) -> String)? = nil) -> String {
        let headers = escapedHeaders, rows = escapedRows
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String], row: Int?) -> String {
            headers.indices.map { column -> String in
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                let padded = alignments[column] == .right ? padding + cell : cell + padding
                guard let row, let decorate else { return padded }
                let decorated = decorate(row, column, cell)
                return alignments[column] == .right ? padding + decorated : decorated + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(headers, row: nil)]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += rows.enumerated().map { line($1, row: $0) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A GitHub-flavoured markdown table (pipes in cells escaped).
    public func renderMarkdown() -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        let separator = "|" + alignments.map { $0 == .right ? "---:|" : "---|" }.joined()
        return ([line(escapedHeaders), separator] + escapedRows.map(line)).joined(separator: "\n") + "\n"
    }

    private var escapedHeaders: [String] { headers.map(\.escapedForTerminal) }
    private var escapedRows: [[String]] { rows.map { $0.map(\.escapedForTerminal) } }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
