/// One `testcase` of a JUnit report, as CI systems read it: identity (classname, name), its
/// duration in seconds, how it ended, and text for `system-out`.
struct JUnitTestCase: Equatable {
    enum Outcome: Equatable {
        case passed
        /// `<failure type= message=>body</failure>`: counted in `failures`.
        case failed(type: String, message: String, details: String)
        /// `<skipped message=/>`: counted in `skipped`, neither passed nor failed.
        case skipped(message: String)

        var isFailure: Bool { if case .failed = self { true } else { false } }
        var isSkipped: Bool { if case .skipped = self { true } else { false } }
    }

    var classname: String
    var name: String
    var seconds: Double
    var outcome: Outcome
    var output: String?

    var rendered: String {
        var body = ""
        switch outcome {
        case .passed: break
        case let .failed(type, message, details):
            body += "      <failure type=\"\(Markup.escape(type))\" message=\"\(Markup.escape(message))\">"
            body += Markup.escape(details) + "</failure>\n"
        case let .skipped(message):
            body += "      <skipped message=\"\(Markup.escape(message))\"/>\n"
        }
        if let output { body += "      <system-out>\(Markup.escape(output))</system-out>\n" }
        let open = "    <testcase classname=\"\(Markup.escape(classname))\" name=\"\(Markup.escape(name))\" time=\"\(JUnitTime.text(seconds))\""
        return body.isEmpty ? open + "/>\n" : open + ">\n" + body + "    </testcase>\n"
    }
}

/// JUnit's `time` attribute: seconds in plain decimal notation (no exponent, which some
/// readers reject), to the nanosecond.
enum JUnitTime {
    static func text(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0" }
        var text = String(format: "%.9f", seconds)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
