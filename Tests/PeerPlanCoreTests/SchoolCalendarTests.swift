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

@Suite struct CheckpointPlannerTests {
    let term = SchoolTerm(id: "fall", title: "Fall", start: CalendarDate(parsing: "2026-08-10")!, end: CalendarDate(parsing: "2026-12-18")!)
    func d(_ s: String) -> CalendarDate { CalendarDate(parsing: s)! }

    @Test func evidenceEveryThreeWeeksThenFinalAndReview() {
        let calendar = SchoolCalendar(term: term, days: Weekday.allCases.prefix(5).map { .weekday($0) },
                                      special: [d("2026-09-07"): .holiday, d("2026-11-23"): .break, d("2026-11-24"): .break, d("2026-11-25"): .break, d("2026-11-26"): .break, d("2026-11-27"): .break])
        let plan = CheckpointPlanner.plan(start: d("2026-08-17"), calendar: calendar, rules: .init())
        // 17 Aug + 3 weeks = 7 Sep (Labor Day) → Tue 8 Sep; then 28 Sep, 19 Oct, 9 Nov, 30 Nov (23 Nov + 7 = 30 Nov ≤ final 11 Dec).
        #expect(plan.filter { $0.kind == .evidence }.map(\.date) == [d("2026-09-08"), d("2026-09-28"), d("2026-10-19"), d("2026-11-09"), d("2026-11-30")])
        #expect(plan.first { $0.kind == .finalSubmission }?.date == d("2026-12-11"))
        #expect(plan.last?.kind == .review && plan.last?.date == d("2026-12-25"))
        #expect(plan.map(\.sequence) == Array(0..<plan.count))
        #expect(plan.filter { $0.kind == .evidence }.allSatisfy { calendar.scheduleDay(on: $0.date) != nil })
        let again = CheckpointPlanner.resubmission(after: d("2026-12-28"), existing: plan, calendar: calendar, rules: .init())
        #expect(again.map(\.sequence) == [plan.count, plan.count + 1])
        #expect(again[0].kind == .resubmission)
    }

    @Test func aShortCycleStillHasAFinalSubmission() {
        let calendar = SchoolCalendar(term: term, days: [.weekday(.monday), .weekday(.friday)], special: [:])
        let plan = CheckpointPlanner.plan(start: d("2026-12-07"), calendar: calendar, rules: .init())
        #expect(plan.map(\.kind) == [.finalSubmission, .review])
        #expect(plan[0].date == d("2026-12-11"))
        #expect(CheckpointPlanner.Rules(evidenceEveryWeeks: 0).validationProblems().count == 1)
    }
}
