import Foundation

/// A problem in an input file, located as precisely as we can: file, line, column and field.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var field: String?
    public var message: String
    /// What sort of problem: most are about content; an encoding problem can be solved by
    /// importing the file in its real encoding.
    public var kind: Kind

    public enum Kind: String, Sendable, Equatable, Codable {
        case content
        case encoding
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, kind: Kind = .content, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.kind = kind
        self.message = message
    }

    /// `classes.csv:14: column 14 "periods": "7-" is not a period list …`
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field {
            if let column { text += "column \(column) \"\(field)\": " } else { text += "\"\(field)\": " }
        } else if let column {
            text += "column \(column): "
        }
        return text + message
    }
}
