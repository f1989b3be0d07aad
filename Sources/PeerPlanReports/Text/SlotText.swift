/// Free periods for reading: slots grouped by period.
package enum SlotText {
    /// "Mon 1", "Tue 1", "Mon 3" → "period 1 Mon Tue, period 3 Mon" (periods in order of first
    /// appearance; a period free every weekday is "daily").
    package static func compact(_ slots: [String]) -> String {
        var order: [String] = []
        var days: [String: [String]] = [:]
        for slot in slots {
            let parts = slot.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if days[parts[1]] == nil { order.append(parts[1]) }
            days[parts[1], default: []].append(parts[0])
        }
        let allWeek = ["Mon", "Tue", "Wed", "Thu", "Fri"]
        return order.map { period in
            let d = days[period]!
            return "period \(period) " + (d == allWeek ? "daily" : d.joined(separator: " "))
        }.joined(separator: ", ")
    }
}
