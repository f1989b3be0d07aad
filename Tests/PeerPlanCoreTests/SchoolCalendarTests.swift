import Testing
@testable import PeerPlanCore

@Suite struct SchoolCalendarTests {
    let term = SchoolTerm(id: "fall", title: "Fall", start: CalendarDate(parsing: "2026-08-10")!, end: CalendarDate(parsing: "2026-12-18")!)
    let laborDay = CalendarDate(parsing: "2026-09-07")!

    func d(_ s: String) -> CalendarDate { CalendarDate(parsing: s)! }

    @Test func rotationDaysAlternateOverSchoolDaysAndSkipClosedOnes() {
        let calendar = SchoolCalendar(term: term, days: [.rotation("A"), .rotation("B")], special: [laborDay: .holiday, d("2026-10-14"): .testing])
        #expect(calendar.rotates)
        #expect(calendar.scheduleDay(on: d("2026-08-10")) == .rotation("A"))
        #expect(calendar.scheduleDay(on: d("2026-08-11")) == .rotation("B"))
        #expect(calendar.scheduleDay(on: d("2026-08-14")) == .rotation("A"))
        #expect(calendar.scheduleDay(on: d("2026-08-15")) == nil) // Saturday
        #expect(calendar.scheduleDay(on: d("2026-08-17")) == .rotation("B")) // continues across the weekend
        // Four weeks of school end on Friday 4 September, the 20th school day: B.
        #expect(calendar.scheduleDay(on: d("2026-09-04")) == .rotation("B"))
        #expect(calendar.scheduleDay(on: laborDay) == nil)
        #expect(calendar.scheduleDay(on: d("2026-09-08")) == .rotation("A")) // the holiday does not use up a day
        #expect(calendar.scheduleDay(on: d("2026-12-19")) == nil) // after the term
        // Testing days are school days and keep their place in the rotation.
        #expect(calendar.scheduleDay(on: d("2026-10-14")) != nil)
    }

    @Test func anExplicitLabelResetsTheCycle() {
        let calendar = SchoolCalendar(term: term, days: [.rotation("A"), .rotation("B")], special: [laborDay: .holiday],
                                      explicitRotation: [d("2026-09-08"): "B"])
        #expect(calendar.scheduleDay(on: d("2026-09-04")) == .rotation("B"))
        #expect(calendar.scheduleDay(on: d("2026-09-08")) == .rotation("B"))
        #expect(calendar.scheduleDay(on: d("2026-09-09")) == .rotation("A"))
    }

    @Test func aSecondTermContinuesTheYearsRotation() {
        let spring = SchoolTerm(id: "spring", title: "Spring", start: d("2026-08-17"), end: d("2026-08-21"), yearStart: d("2026-08-10"))
        let calendar = SchoolCalendar(term: spring, days: [.rotation("A"), .rotation("B")], special: [:])
        #expect(calendar.scheduleDay(on: d("2026-08-10")) == nil) // before this term
        #expect(calendar.scheduleDay(on: d("2026-08-17")) == .rotation("B"))
    }

    @Test func weekdaySchoolsUseTheirWeekdaysAndSkipClosedDays() {
        let calendar = SchoolCalendar(term: term, days: [.weekday(.monday), .weekday(.wednesday)], special: [laborDay: .holiday])
        #expect(!calendar.rotates)
        #expect(calendar.scheduleDay(on: d("2026-08-10")) == .weekday(.monday))
        #expect(calendar.scheduleDay(on: d("2026-08-11")) == nil) // the school has no Tuesday schedule
        #expect(calendar.scheduleDay(on: laborDay) == nil)
        #expect(calendar.schoolDays.count == 2 * 19 - 1)
    }
}
