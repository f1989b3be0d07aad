import Foundation

/// A score or a pair's weight as people read it: a whole number without decimals (`3`), a
/// decimal (an averaged score, issue 14 point 6) with at most two (`2.75`, `2.5`, `2.33`).
package enum ScoreText {
    package static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
