/// A time of day in minutes after midnight, as bell schedules use it.
public struct ClockTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let minutes: Int

    public init(minutes: Int) {
        precondition((0..<24 * 60).contains(minutes), "minutes out of range")
        self.minutes = minutes
    }

    public init(hour: Int, minute: Int) {
        self.init(minutes: hour * 60 + minute)
    }

    /// Parses `HH:MM` / `H:MM` (24-hour) and `h:mm AM` / `h:mmPM` (12-hour). Returns nil otherwise.
    public init?(parsing text: String) {
        var s = text.trimmingWhitespace().uppercased()
        var meridiem: String?
        for suffix in ["AM", "PM", "A.M.", "P.M."] where s.hasSuffix(suffix) {
            meridiem = String(suffix.prefix(1))
            s = String(s.dropLast(suffix.count)).trimmingWhitespace()
            break
        }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || (parts.count == 3 && parts[2] == "00"),
              (1...2).contains(parts[0].count), parts[1].count == 2,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
              var hour = Int(parts[0]), let minute = Int(parts[1]), minute < 60
        else { return nil }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            if meridiem == "A" { hour = hour == 12 ? 0 : hour } else { hour = hour == 12 ? 12 : hour + 12 }
        }
        guard hour < 24 else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    /// `HH:MM`, 24-hour.
    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minutes < rhs.minutes }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
