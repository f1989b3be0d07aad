import PeerPlanCore

/// Duties in teachers' free periods, and the evaluators who rate them.
extension SchoolPlanner {
    /// About one teacher in five has one duty: lunch duty in `L`, or hall or bus duty in one of
    /// their planning periods when they have two that day (so one free period always remains).
    mutating func planDuties() {
        for i in plan.teachers.indices where rng.chance(0.2) {
            let planning = plan.teachers[i].planning
            var instructionGroups: [Int] = []
            for (g, group) in plan.groups.enumerated() {
                let free = group.slots.filter { planning & (1 << UInt32($0)) != 0 }
                if free.count >= 2 { instructionGroups.append(g) }
            }
            if !instructionGroups.isEmpty, rng.chance(0.45) {
                let g = rng.pick(instructionGroups)
                let group = plan.groups[g]
                let free = group.slots.filter { planning & (1 << UInt32($0)) != 0 }
                let slot = rng.pick(free)
                let edge = slot == group.slots.first || slot == group.slots.last
                let duty = edge && rng.chance(0.7) ? "Bus duty" : "Hall duty"
                plan.duties.append(DutyPlan(teacher: i, days: dutyDays(group.days), period: plan.slotNames[slot], duty: duty))
            } else {
                let days: [ScheduleDay]
                if plan.groups.count == 1 {
                    days = dutyDays(plan.groups[0].days)
                } else {
                    let which = rng.below(3)
                    days = which == 2 ? plan.groups.flatMap(\.days) : plan.groups[which].days
                }
                plan.duties.append(DutyPlan(teacher: i, days: days, period: "L", duty: "Lunch duty"))
            }
        }
    }

    /// One weekday (most duties rotate weekly) or every day of the group.
    mutating func dutyDays(_ days: [ScheduleDay]) -> [ScheduleDay] {
        days.count > 1 && rng.chance(0.65) ? [rng.pick(days)] : days
    }

    // MARK: Evaluators

    mutating func planEvaluators() {
        let count = plan.outline.kind == .elementary ? 2 : (plan.outline.kind == .middle ? 2 : 3)
        for _ in 0..<count {
            let given = NameLists.adultGiven[rng.below(adultNames)]
            let family = NameLists.family[rng.below(familyNames)]
            plan.evaluators.append((rng.chance(0.3) ? "Dr. " : "") + given + " " + family)
        }
    }
}
