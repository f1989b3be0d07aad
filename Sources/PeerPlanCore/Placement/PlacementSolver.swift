import Dispatch

/// Places meeting sessions into the week (DESIGN.md §6): members free in every period of a
/// session (an observation's host teaching instead), a teacher in one meeting per period, one
/// session of a meeting per day, at most N pair/PLC/observation sessions per teacher per day.
/// Meetings every 2 weeks take a week of a two-week cycle and hold periods and caps only then.
/// Maximises Σ priority × minutes: exact branch and bound on small problems; otherwise a
/// most-constrained-first construction improved by ejection moves. Both stop on a work budget
/// (so the same problem and seed give the same answer); the time limit only cuts them short.
public enum PlacementSolver {
    public static func solve(_ problem: PlacementProblem) throws(PlacementError) -> PlacementAnswer {
        let model = try PlacementModel(problem)
        var search = PlacementSearch(model: model, seed: problem.seed ?? 0)
        search.construct()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, problem.timeLimitSeconds ?? 1.0) * 1e9)
        var proven = search.objective >= model.upperBound
        var upperBound = model.upperBound
        if !proven {
            if model.isSmall {
                proven = search.exact(deadline: deadline)
            } else {
                search.improve(deadline: deadline)
            }
        }
        if !proven {
            upperBound = min(upperBound, PlacementBound(model).compute(model: model, target: search.objective))
            proven = search.objective >= upperBound
        }
        if !proven {
            search.neighbourhoods(deadline: deadline, upperBound: upperBound)
            proven = search.objective >= upperBound
        }
        if proven { upperBound = search.objective }
        search.preferSlots()
        return search.answer(upperBound: upperBound, optimal: proven)
    }
}
