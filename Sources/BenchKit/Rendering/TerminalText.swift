extension String {
    /// This text safe to print on a terminal: control characters (C0, DEL, C1), line and
    /// paragraph separators and bidirectional overrides shown as `\n`, `\r`, `\t` or
    /// `\u{1B}`, so a name read from a file cannot start a new line, move the cursor,
    /// recolour or reorder what follows (e.g. forge an "all passed" line). Printable text,
    /// backslashes included, is unchanged, so escaping twice changes nothing.
    public var escapedForTerminal: String {
        guard unicodeScalars.contains(where: Self.isTerminalControl) else { return self }
        var escaped = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where Self.isTerminalControl(scalar):
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Scalars a terminal acts on instead of showing.
    static func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true // line and paragraph separators
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true // bidirectional controls
        default: return false
        }
    }
}
