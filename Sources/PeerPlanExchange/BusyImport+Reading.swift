import Foundation
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

/// Reading a teacher's calendar file: its text, and libical's complaints as errors that name the
/// file and, where it can be found, the line.
extension BusyImport {
    /// The text, or an error naming the line and column (byte) of the first invalid UTF-8 sequence.
    static func decodeUTF8(_ data: Data, file: String) throws -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        // Find the first byte that does not start a valid sequence.
        var index = 0
        var bad = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
            if length == 0 || index + length > bytes.count
                || String(validating: bytes[index..<index + length], as: UTF8.self) == nil {
                bad = index
                break
            }
            index += length
        }
        let lineStart = bytes[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let line = bytes[..<bad].filter { $0 == 0x0A }.count + 1
        throw InputError(file: file, line: line, column: bad - lineStart + 1,
                         message: "not UTF-8 text (byte 0x\(String(bytes[bad], radix: 16, uppercase: true))); export the calendar again, or save it as UTF-8")
    }

    /// The physical line (1-based) of the first line containing `needle`.
    static func line(of needle: String, in text: String) -> Int? {
        var number = 1
        // "\r\n" is one Character in Swift: split on both forms.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if line.contains(needle) { return number }
            number += 1
        }
        return nil
    }

    static func inputError(_ error: ICalendarError, text: String, file: String) -> InputError {
        switch error {
        case .notACalendar:
            return InputError(file: file, message: "not an iCalendar file (expected one BEGIN:VCALENDAR … END:VCALENDAR); export the calendar as .ics")
        case .malformed(let messages):
            // libical's messages quote the offending text: find its line.
            var line: Int?
            for message in messages {
                let quoted = message.split(separator: ":").dropFirst().joined(separator: ":").trimmingWhitespace()
                if !quoted.isEmpty, let found = Self.line(of: quoted, in: text) { line = found; break }
            }
            return InputError(file: file, line: line, message: "malformed iCalendar: " + messages.joined(separator: "; "))
        case .undeclaredTimeZone(let tzid):
            return InputError(file: file, line: line(of: "TZID=" + tzid, in: text) ?? line(of: tzid, in: text),
                              message: "TZID \"\(tzid)\" has no VTIMEZONE in the file; export the calendar again with time zones included")
        case .invalidEvent(let uid, let reason):
            return InputError(file: file, line: line(of: "UID:" + uid, in: text), message: "event \(uid): \(reason)")
        case .unknownTimeZone(let tzid):
            return InputError(file: file, message: "the school's time zone \(tzid) is unknown to the system's tzdata")
        default:
            return InputError(file: file, message: error.description)
        }
    }
}
