/// CSV as every report writes it (RFC 4180): a field is quoted only when it must be.
public enum CSV {
    /// `text`, quoted (and its quotes doubled) when it holds a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
    }

    /// One line of fields, without its line break.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }
}
