import Foundation

/// JSON as every report writes it: pretty, keys sorted, slashes left alone, so the same value
/// always gives the same bytes.
package enum ReportJSON {
    package static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
