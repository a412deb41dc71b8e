import Foundation

/// A small SVG writer: shapes and text appended in order, serialised inline in the HTML.
struct SVG {
    let width: Double
    let height: Double
    let title: String
    private var body = ""

    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                       width: Double = 1, dash: String? = nil) {
        body += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        body += (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>\n"
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, opacity: Double = 1) {
        body += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(w, 0)))\" height=\"\(n(max(h, 0)))\" fill=\"\(fill)\""
        if let stroke { body += " stroke=\"\(stroke)\"" }
        body += opacity < 1 ? " fill-opacity=\"\(n(opacity))\"/>\n" : "/>\n"
    }

    mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String, tooltip: String? = nil) {
        body += "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(fill)\""
        body += tooltip.map { "><title>\(Markup.escape($0))</title></circle>\n" } ?? "/>\n"
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5) {
        guard points.count > 1 else { return }
        body += "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" points=\""
        body += points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") + "\"/>\n"
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double = 1, tooltip: String? = nil) {
        body += "<polygon fill=\"\(fill)\"" + (opacity < 1 ? " fill-opacity=\"\(n(opacity))\"" : "")
        body += " points=\"" + points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") + "\""
        body += tooltip.map { "><title>\(Markup.escape($0))</title></polygon>\n" } ?? "/>\n"
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ x: Double, _ y: Double, _ content: String, anchor: Anchor = .start, size: Double = 12,
                       fill: String = "#222", weight: String? = nil, rotate: Double? = nil) {
        body += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill)\" text-anchor=\"\(anchor.rawValue)\""
        if let weight { body += " font-weight=\"\(weight)\"" }
        if let rotate { body += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        body += ">\(Markup.escape(content))</text>\n"
    }

    /// Lines of text, one `tspan` per line, the first at `y`, each `lineHeight` below the last.
    mutating func lines(_ x: Double, _ y: Double, _ lines: [String], anchor: Anchor = .start, size: Double = 12,
                        lineHeight: Double = 14, fill: String = "#222") {
        body += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill)\" text-anchor=\"\(anchor.rawValue)\">"
        for (index, line) in lines.enumerated() {
            body += "<tspan x=\"\(n(x))\" dy=\"\(index == 0 ? "0" : n(lineHeight))\">\(Markup.escape(line))</tspan>"
        }
        body += "</text>\n"
    }

    /// The element, with a `<title>` for accessibility and a viewBox so it scales.
    var rendered: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\">"
            + "<title>\(Markup.escape(title))</title>\n" + body + "</svg>\n"
    }

    private func n(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// Colours used consistently: baseline blue, new orange, verdict colours.
enum Palette {
    static let baseline = "#3b6fb6"
    static let new = "#e08a1e"
    static let regression = "#c62828"
    static let improvement = "#2e7d32"
    static let neutral = "#555555"
    static let inconclusive = "#b58900"
    static let grid = "#e3e3e3"
    static let axis = "#888888"
}
