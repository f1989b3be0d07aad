/// CSV as every report writes it (RFC 4180): a field is quoted only when it must be.
package enum CSV {
    /// `text`, quoted (and its quotes doubled) when it holds a comma, a quote or a line break.
    package static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
    }

    /// One line of fields, without its line break.
    package static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }
}
