import Foundation
import PeerPlanCore

/// HTTP-dates (RFC 9110 §5.6.7), always in GMT, with whole seconds. Written as IMF-fixdate;
/// read in all three forms a recipient must accept.
enum HTTPDate {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT`
    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let day = CalendarDate(dayNumber: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekdays[day.weekday.rawValue % 7]), \(two(day.day)) \(months[day.month - 1]) \(day.year) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }

    /// Reads IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
    /// and asctime (`Sun Nov  6 08:49:37 1994`); nil for anything else, impossible dates included.
    static func parse(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        let dayText: String, monthText: String, yearText: String, timeText: String
        switch parts.count {
        case 6 where parts[5] == "GMT":
            (dayText, monthText, yearText, timeText) = (parts[1], parts[2], parts[3], parts[4])
        case 5:
            (monthText, dayText, timeText, yearText) = (parts[1], parts[2], parts[3], parts[4])
        default:
            return nil
        }
        guard let monthIndex = months.firstIndex(of: monthText), let dayOfMonth = Int(dayText), var year = Int(yearText) else { return nil }
        if yearText.count == 2 { year += year < 70 ? 2000 : 1900 }
        guard let day = CalendarDate(year: year, month: monthIndex + 1, day: dayOfMonth) else { return nil }
        let clock = timeText.split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2]) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2]))
    }
}
