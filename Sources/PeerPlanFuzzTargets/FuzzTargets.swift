import Foundation
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

/// What the fuzzers (`make fuzz`) feed hostile bytes to: the CSV reader, the period-list reader,
/// the iCalendar busy reader (through libical) and the placement-problem decoder and solver.
/// Each target must return for every input: errors are the expected answer to bad bytes; a crash,
/// a hang, a sanitizer report or a broken invariant (`precondition`) is a finding. The same
/// functions replay the committed corpora in the tests, so every finding stays fixed.
package enum FuzzTargets {
    package static let names = ["csv", "periods", "ical", "placement"]

    /// Runs the target named `name` on `data`; false for an unknown name.
    @discardableResult
    package static func run(_ name: String, _ data: [UInt8]) -> Bool {
        switch name {
        case "csv": csv(data)
        case "periods": periods(data)
        case "ical": ical(data)
        case "placement": placement(data)
        default: return false
        }
        return true
    }

    /// The first byte picks the encoding; the rest is a CSV file read to the end, every field asked for.
    package static func csv(_ data: [UInt8]) {
        let encoding: TextEncoding = switch data.first.map({ $0 % 3 }) {
        case 1?: .windows1252
        case 2?: .latin1
        default: .utf8
        }
        guard let reader = try? CSVReader(bytes: Array(data.dropFirst()), displayName: "fuzz.csv", encoding: encoding) else { return }
        var rows = 0
        while true {
            do {
                guard try reader.next() else { break }
            } catch {
                precondition(error is InputError, "the reader threw \(error)")
                continue
            }
            rows += 1
            precondition(rows <= data.count, "more records than bytes")
            for index in 0..<max(reader.fieldCount, reader.header.count) {
                if let text = try? reader.string(at: index) {
                    precondition(text.utf8.allSatisfy { $0 != 0 || data.contains(0) }, "a NUL byte appeared from nowhere")
                }
            }
        }
    }

    /// A period list, and the same text resolved against period names made from it.
    package static func periods(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        if let names = try? PeriodList.parse(text) {
            precondition(Set(names).count == names.count, "duplicate period names")
            precondition(!names.contains(""), "an empty period name")
        }
        let parts = text.split(separator: "\n", maxSplits: 1)
        let names = parts.count > 1 ? Set(parts[1].split(separator: ";").map(String.init)) : nil
        if case .periods(let resolved) = PeriodList.resolve(String(parts.first ?? ""), periodNames: names) {
            precondition(Set(resolved).count == resolved.count, "duplicate resolved periods")
            if let names { precondition(resolved.allSatisfy(names.contains), "a resolved period the schedule lacks") }
        }
    }

    /// An .ics read for busy times over one school year, in a fixed zone.
    package static func ical(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        guard let from = UTCDateTime(year: 2026, month: 8, day: 10, hour: 0, minute: 0),
              let to = UTCDateTime(year: 2027, month: 6, day: 1, hour: 0, minute: 0) else { return }
        if let calendar = try? BusyReader.read(text, from: from, to: to, timeZoneID: "America/Chicago") {
            // Ordered by start, as documented. (Wall times may end before they start across a
            // fall-back change of a zone's offset, so that is not an invariant; instants are
            // checked by the reader itself.)
            for (a, b) in zip(calendar.occurrences, calendar.occurrences.dropFirst()) {
                precondition(a.start <= b.start, "occurrences out of order")
            }
        }
    }

    /// A placement problem as `peerplan place` reads it, solved with a short time limit.
    package static func placement(_ data: [UInt8]) {
        guard var problem = try? JSONDecoder().decode(PlacementProblem.self, from: Data(data)) else { return }
        // Bounded work per input: a fuzzer counts a slow input as a hang.
        problem.timeLimitSeconds = min(problem.timeLimitSeconds ?? 0.05, 0.05)
        guard problem.teachers.count <= 64, problem.meetings.count <= 64 else { return }
        guard let answer = try? PlacementSolver.solve(problem) else { return }
        let meetings = Set(problem.meetings.map(\.id))
        for placement in answer.placements {
            precondition(meetings.contains(placement.meeting), "a placement of a meeting the problem lacks")
        }
        precondition(answer.objective <= answer.upperBound, "the objective exceeds its bound")
    }
}
