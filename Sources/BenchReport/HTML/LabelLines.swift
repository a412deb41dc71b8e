/// Splits a label into lines of at most `width` characters for SVG text, which does not
/// wrap by itself: breaks after "/", " ", "_", "," or "=" where it can, mid-word where a
/// part is longer than a line. Nothing is cut.
enum LabelLines {
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = "", word = ""
        func flushWord() {
            while word.count > width {
                if !line.isEmpty { lines.append(line); line = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if line.count + word.count > width, !line.isEmpty { lines.append(line); line = "" }
            line += word
            word = ""
        }
        for character in text {
            word.append(character)
            if "/ _,=".contains(character) { flushWord() }
        }
        flushWord()
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
