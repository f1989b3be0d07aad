/// The answer read off a finished search, and why each left-over session could not be placed
/// (reason codes, the members or meetings at fault, and a remedy where one exists).
extension PlacementSearch {
    func answer(upperBound: Int, optimal: Bool) -> PlacementAnswer {
        var placements: [PlacementAnswer.Placement] = []
        var unplaced: [PlacementAnswer.Unplaced] = []
        // Number sessions of each meeting by day order of their placements.
        for (mi, m) in model.meetings.enumerated() {
            let mine = sessions.indices.filter { sessions[$0].meeting == mi }
            let placedRuns = mine.compactMap { placed[$0] >= 0 ? m.candidates[placed[$0]] : nil }.sorted { $0.day < $1.day }
            for (k, run) in placedRuns.enumerated() {
                placements.append(.init(meeting: m.id, session: k, day: model.dayNames[run.day],
                                        periods: (run.start..<(run.start + run.length)).map { model.periodNames[run.day][$0] },
                                        week: run.week < 0 ? nil : run.week))
            }
            let missing = mine.count - placedRuns.count
            guard missing > 0 else { continue }
            let (reason, blockers) = explain(mi)
            let fix = remedy(mi)
            for k in placedRuns.count..<(placedRuns.count + missing) {
                unplaced.append(.init(meeting: m.id, session: k, reason: reason, blockers: blockers, remedy: fix))
            }
        }
        return PlacementAnswer(objective: objective, upperBound: upperBound, optimal: optimal, placements: placements, unplaced: unplaced)
    }

    /// What would let a left-over session happen: the cheapest slot if one member's class were
    /// covered by a substitute, else a before- or after-school period when all are free.
    func remedy(_ mi: Int) -> PlacementAnswer.Remedy? {
        let m = model.meetings[mi]
        // In week w (a weekly meeting: in both weeks).
        func usable(_ t: Int, _ d: Int, _ p: Int, _ w: Int) -> Bool {
            (m.everyWeeks == 2 ? w...w : 0...1).allSatisfy { w in
                occupant[occ(w, t, d, p)] < 0
                    && (!m.countsTowardCap || dayLoad[dayAt(w, t, d)] < model.cap)
                    && weekLoad[weekAt(w, t)] + m.length <= model.weekCap[t]
            }
        }
        for d in 0..<model.dayCount where meetingDay[mi * model.dayCount + d] < 0 {
            for s in 0...(model.periodCount - m.length) {
                let range = s..<(s + m.length)
                guard range.allSatisfy({ model.kind(d, $0) == .instruction }) else { continue }
                if let h = m.host, !range.allSatisfy({ model.teaching[model.slot(h, d, $0)] }) { continue }
                // Exactly one member is busy, and only because they teach (a class can be covered).
                let busy = m.observers.filter { t in range.contains { !model.free[model.slot(t, d, $0)] } }
                guard busy.count == 1, let t = busy.first,
                      range.allSatisfy({ model.free[model.slot(t, d, $0)] || model.teaching[model.slot(t, d, $0)] }),
                      (0...1).contains(where: { w in m.observers.allSatisfy { o in range.allSatisfy { usable(o, d, $0, w) } } }) else { continue }
                return .init(kind: "cover", teacher: model.teacherIds[t], day: model.dayNames[d],
                             periods: range.map { model.periodNames[d][$0] }, coveredPeriods: range.filter { !model.free[model.slot(t, d, $0)] }.count)
            }
        }
        for d in 0..<model.dayCount where meetingDay[mi * model.dayCount + d] < 0 {
            for p in 0..<model.periodCount where model.kind(d, p) == .beforeSchool || model.kind(d, p) == .afterSchool {
                let weekChoices = m.everyWeeks == 2 ? [0...0, 1...1] : [0...1]
                if weekChoices.contains(where: { weeks in
                    m.observers.allSatisfy { t in model.free[model.slot(t, d, p)] && weeks.allSatisfy { occupant[occ($0, t, d, p)] < 0 } }
                }) {
                    return .init(kind: "outsideInstruction", teacher: nil, day: model.dayNames[d], periods: [model.periodNames[d][p]], coveredPeriods: 0)
                }
            }
        }
        return nil
    }

    /// Why a meeting has sessions left over.
    func explain(_ mi: Int) -> (String, [String]) {
        let m = model.meetings[mi]
        let problemMeeting = model.problem.meetings[mi]
        if m.candidates.isEmpty {
            // Would the observers alone find time? Then the host is the problem.
            let observersFreeTogether = (0..<model.dayCount).contains { d in
                (0...(model.periodCount - m.length)).contains { s in
                    m.observers.allSatisfy { t in (s..<(s + m.length)).allSatisfy { model.free[model.slot(t, d, $0)] } }
                }
            }
            if m.host != nil && observersFreeTogether {
                return ("hostNotTeaching", [model.teacherIds[m.host!]])
            }
            // The limiting members: those without whom the others would share a free period.
            var limiting: [String] = []
            for t in m.observers {
                let others = m.observers.filter { $0 != t }
                let helps = (0..<model.dayCount).contains { d in
                    (0...(model.periodCount - m.length)).contains { s in
                        others.allSatisfy { o in (s..<(s + m.length)).allSatisfy { model.free[model.slot(o, d, $0)] } }
                    }
                }
                if helps { limiting.append(model.teacherIds[t]) }
            }
            return ("noCommonFreePeriod", limiting.isEmpty ? problemMeeting.members.filter { $0 != problemMeeting.host } : limiting)
        }
        // A candidate that a member's daily or weekly cap rules out even without the sessions
        // holding it: the cap is the reason to give. Otherwise name the meetings holding it.
        var blockingMeetings: Set<String> = []
        var capped: Set<String> = []
        var weekly: Set<String> = []
        for run in m.candidates {
            if meetingDay[mi * model.dayCount + run.day] >= 0 { continue }
            var holders: Set<Int> = []
            for w in run.weeks {
                for t in m.observers {
                    for p in run.start..<(run.start + run.length) where occupant[occ(w, t, run.day, p)] >= 0 {
                        holders.insert(occupant[occ(w, t, run.day, p)])
                    }
                }
            }
            if let other = m.alternate {
                let first = firstSession[other]
                for o in first..<(first + model.meetings[other].sessions) where placed[o] >= 0 && model.meetings[other].candidates[placed[o]].week == run.week {
                    holders.insert(o)
                }
            }
            // A cap that would still be reached without the holders is the reason, not them.
            var full: Set<String> = []
            var overWeek: Set<String> = []
            for w in run.weeks {
                for t in m.observers {
                    var week = weekLoad[weekAt(w, t)] + run.length
                    var day = dayLoad[dayAt(w, t, run.day)]
                    for o in holders {
                        let om = model.meetings[sessions[o].meeting]
                        guard om.observers.contains(t), om.candidates[placed[o]].weeks.contains(w) else { continue }
                        week -= om.candidates[placed[o]].length
                        if om.countsTowardCap { day -= 1 }
                    }
                    if week > model.weekCap[t] { overWeek.insert(model.teacherIds[t]) }
                    if m.countsTowardCap && day >= model.cap { full.insert(model.teacherIds[t]) }
                }
            }
            if !full.isEmpty || !overWeek.isEmpty {
                capped.formUnion(full)
                weekly.formUnion(overWeek)
            } else {
                blockingMeetings.formUnion(holders.map { model.meetings[sessions[$0].meeting].id })
            }
        }
        if !capped.isEmpty { return ("dailyCapReached", capped.sorted()) }
        if !weekly.isEmpty { return ("weeklyShareReached", weekly.sorted()) }
        if blockingMeetings.isEmpty {
            // Every day with a candidate already holds a session of this meeting.
            return ("noCommonFreePeriod", problemMeeting.members.filter { $0 != problemMeeting.host })
        }
        return ("blockedBy", blockingMeetings.sorted())
    }
}
