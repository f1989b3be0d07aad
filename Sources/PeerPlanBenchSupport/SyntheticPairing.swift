import PeerPlanCore

/// Random pairing instances for `peerplan-bench pairs` and tests (deterministic for a seed).
/// Benchmark workload, not product: it lives here so the engine's library ships without it.
package enum SyntheticPairing {
    package enum Shape: String, Sendable, CaseIterable {
        /// One school: teachers with schedules, the default rule (shared free period).
        case school
        /// Targets and partners across schools, every partner strong everywhere: every pair is an edge.
        case dense
        /// Many schools with their own schedules; cross-school pairs for targets alone at their school.
        case sparse
    }

    /// `teachers` teachers in schools of `perSchool`; the rubric's indicators are scored so that
    /// about a fifth of the teachers are targets (or, for `dense`, half targets, half partners).
    package static func instance(_ shape: Shape, teachers: Int, perSchool: Int = 200, rubric: Rubric, seed: UInt64) -> PairingInput {
        var rng = Xoshiro(seed: seed)
        let days: [ScheduleDay] = [.weekday(.monday), .weekday(.tuesday), .weekday(.wednesday), .weekday(.thursday), .weekday(.friday)]
        let slots = days.flatMap { d in (1...7).map { Slot(day: d, period: String($0)) } }
        var list: [PairingTeacher] = []
        for i in 0..<teachers {
            var scores: [IndicatorRef: Double] = [:]
            let isTargetByDesign = shape == .dense ? i % 2 == 0 : false
            let level = shape == .dense ? (isTargetByDesign ? 3 : rubric.strongAtLeast) : rubric.weakAtMost + 1 + rng.below(2)
            for indicator in rubric.indicators {
                var score: Int
                if shape == .dense {
                    score = isTargetByDesign ? (rng.below(6) == 0 ? rubric.weakAtMost - rng.below(2) : 3)
                        : min(rubric.scaleMax, level + rng.below(2))
                } else {
                    // About 2% of scores fall two levels (a third of teachers end up weak somewhere),
                    // about 30% rise one.
                    let u = rng.below(100)
                    score = u < 2 ? level - 2 : (u < 32 ? level + 1 : level)
                }
                score = max(rubric.scaleMin, min(rubric.scaleMax, score))
                scores[IndicatorRef(rubric: rubric.id, indicator: indicator.id)] = Double(score)
            }
            if isTargetByDesign && !scores.values.contains(where: { rubric.isWeak($0) }) {
                scores[IndicatorRef(rubric: rubric.id, indicator: rubric.indicators[rng.below(rubric.indicators.count)].id)] = Double(rubric.weakAtMost)
            }
            // Each teacher is free in about a sixth of the periods.
            let free = Set(slots.filter { _ in rng.below(6) == 0 })
            // Dense: targets and partners in different schools, so every pair is a cross-school edge.
            let school = shape == .dense ? (isTargetByDesign ? "T\(i % 25)" : "P\(i % 25)") : "S\(i / perSchool)"
            // Sparse: districts of 13 schools (a state of 1,800 schools has about 140).
            let district = shape == .sparse ? "D\(i / perSchool / 13)" : "D"
            list.append(PairingTeacher(id: "t\(String(i + 100_000))", school: school, district: district, scores: scores, freeSlots: free))
        }
        var policy = PairingPolicy()
        if shape == .dense { policy.crossSchool = true; policy.minSharedFreePeriods = 0 }
        if shape == .sparse { policy.crossSchool = true }
        return PairingInput(rubrics: [rubric.id: rubric], teachers: list, policy: policy)
    }
}
