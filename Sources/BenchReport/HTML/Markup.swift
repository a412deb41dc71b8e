/// Escaping for XML, SVG and HTML text and attribute values.
enum Markup {
    /// Escapes `& < > " '` and writes newline, tab and carriage return as character
    /// references (kept in attribute values). Characters XML 1.0 forbids even as references
    /// are shown instead of dropped, so a name stays recognisable: C0 controls as their
    /// Unicode control pictures (U+0001 as ␁), U+FFFE and U+FFFF as U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out += "&#\(scalar.value);"
            case "\u{0}"..."\u{1F}": out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
