#!/usr/bin/env python3
"""Solve a PeerPlan placement problem exactly (DESIGN.md §6) with scipy's MILP solver (HiGHS),
and compare it with PeerPlan's answer.

Dev-only checker: not used by the product, the tests or CI. Needs python3 with scipy >= 1.9.

    swift run -c release peerplan-bench place --teachers 150 --schools 5 --dump /tmp/place
    swift run -c release peerplan-bench schedule --schools 150 --runs 1 --dump /tmp/district
    python3 Tools/exact_placement.py /tmp/place /tmp/district

Reads `periodsByDay` (days with their own bell times). For every X.problem.json in the folders it prints the exact optimum, PeerPlan's objective (from
X.answer.json), the ratio and whether the answer's `optimal` flag and `upperBound` hold, then the
worst and median ratio.

Meetings every 2 weeks (`everyWeeks: 2`) are placed in a week of a two-week cycle: free periods,
the daily cap and the weekly cap hold in each week, a weekly session counting in both; meetings
that alternate (`alternatesWith`) never share a week.
"""
import json
import pathlib
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix


def median(values):
    """The middle of `values` (the mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def minutes(t):
    h, m = t.split(":")
    return int(h) * 60 + int(m)


def model(problem):
    """The problem as a 0-1 program: each variable's objective value, and rows (coefficients by
    variable index, upper bound) meaning sum(coefficient × variable) <= bound."""
    days = problem["days"]
    # A day in `periodsByDay` (a late-start Wednesday) has its own periods; the others share `periods`.
    own = problem.get("periodsByDay") or {}
    day_periods = [sorted(own.get(d, problem["periods"]), key=lambda p: minutes(p["start"])) for d in days]
    pidx = [{p["name"]: i for i, p in enumerate(periods)} for periods in day_periods]
    didx = {d: i for i, d in enumerate(days)}
    cap = problem["maxMeetingsPerTeacherPerDay"]
    free, teaching, week_cap = {}, {}, {}
    for t in problem["teachers"]:
        def slot(s):
            d = didx[s["day"]]
            return d, pidx[d][s["period"]]
        busy = {slot(s) for s in t["busy"]}
        teach = busy if t.get("teaching") is None else {slot(s) for s in t["teaching"]}
        busy |= teach
        free[t["id"]] = busy
        teaching[t["id"]] = teach
        if t.get("maxMeetingPeriodsPerWeek") is not None:
            week_cap[t["id"]] = t["maxMeetingPeriodsPerWeek"]

    # Variables: y[m, day, start, week] = the meeting has a session on that day starting at that
    # period, in that week of the two-week cycle (None: every week).
    variables = []  # (meeting index, day, start, length, value, week)
    for mi, m in enumerate(problem["meetings"]):
        host = m.get("host")
        observers = [t for t in m["members"] if t != host]
        allowed = [didx[d] for d in (m.get("allowedDays") or days)]
        n = m["periodsPerSession"]
        for d in allowed:
            periods = day_periods[d]
            for s in range(0, len(periods) - n + 1):
                rng = range(s, s + n)
                if any(periods[p]["kind"] != "instruction" for p in rng):
                    continue
                if any((d, p) in free[t] for t in observers for p in rng):
                    continue
                if host is not None and any((d, p) not in teaching[host] for p in rng):
                    continue
                mins = sum(minutes(periods[p]["end"]) - minutes(periods[p]["start"]) for p in rng)
                for week in ([0, 1] if m.get("everyWeeks", 1) == 2 else [None]):
                    variables.append((mi, d, s, n, mins * m["priority"], week))
    nv = len(variables)
    if nv == 0:
        return [], []
    rows = []  # (coefficients dict, upper bound)
    by_meeting_day, by_meeting = {}, {}
    by_teacher_slot, by_teacher_day, by_teacher = {}, {}, {}
    by_meeting_week = {}
    for v, (mi, d, s, n, _, week) in enumerate(variables):
        m = problem["meetings"][mi]
        host = m.get("host")
        by_meeting_day.setdefault((mi, d), []).append(v)
        by_meeting.setdefault(mi, []).append(v)
        weeks = [0, 1] if week is None else [week]
        if week is not None:
            by_meeting_week.setdefault((mi, week), []).append(v)
        for t in m["members"]:
            if t == host:
                continue
            for w in weeks:
                for p in range(s, s + n):
                    by_teacher_slot.setdefault((t, w, d, p), []).append(v)
                if m["kind"] != "pd":
                    by_teacher_day.setdefault((t, w, d), []).append(v)
                by_teacher.setdefault((t, w), []).append((v, n))
    for vs in by_meeting_day.values():
        rows.append(({v: 1 for v in vs}, 1))
    for mi, vs in by_meeting.items():
        rows.append(({v: 1 for v in vs}, problem["meetings"][mi]["sessionsPerWeek"]))
    for vs in by_teacher_slot.values():
        if len(vs) > 1:
            rows.append(({v: 1 for v in vs}, 1))
    for vs in by_teacher_day.values():
        if len(vs) > cap:
            rows.append(({v: 1 for v in vs}, cap))
    for (t, _), vs in by_teacher.items():
        if t in week_cap:
            rows.append(({v: n for v, n in vs}, week_cap[t]))
    # Alternating meetings: u[a, w] = a has a session in week w; then b has none that week.
    index = {m["id"]: i for i, m in enumerate(problem["meetings"])}
    extra = 0
    for a, m in enumerate(problem["meetings"]):
        if m.get("alternatesWith") is None:
            continue
        b = index[m["alternatesWith"]]
        for w in (0, 1):
            u = nv + extra
            extra += 1
            sa, sb = problem["meetings"][a]["sessionsPerWeek"], problem["meetings"][b]["sessionsPerWeek"]
            row = {v: 1 for v in by_meeting_week.get((a, w), [])}
            row[u] = -sa
            rows.append((row, 0))
            row = {v: 1 for v in by_meeting_week.get((b, w), [])}
            row[u] = sb
            rows.append((row, sb))
    nv += extra
    return [v[4] for v in variables] + [0] * extra, rows


def solve(problem, time_limit=120.0):
    values, rows = model(problem)
    nv = len(values)
    if nv == 0:
        return 0, 0.0
    a = lil_matrix((len(rows), nv))
    ub = np.zeros(len(rows))
    for r, (coef, bound) in enumerate(rows):
        for v, c in coef.items():
            a[r, v] = c
        ub[r] = bound
    c = -np.array(values, dtype=float)
    started = time.time()
    result = milp(c, integrality=np.ones(nv), bounds=Bounds(0, 1),
                  constraints=LinearConstraint(a.tocsr(), -np.inf, ub),
                  options={"time_limit": time_limit, "mip_rel_gap": 0})
    elapsed = time.time() - started
    if result.x is None:
        raise SystemExit(f"no solution: {result.message}")
    if result.status != 0:
        print(f"  (not proven optimal: {result.message})", file=sys.stderr)
    return int(round(-result.fun)), elapsed


def main():
    folders = [pathlib.Path(f) for f in (sys.argv[1:] or ["."])]
    ratios = []
    for folder in folders:
        for path in sorted(folder.glob("*.problem.json")):
            problem = json.loads(path.read_text())
            optimum, seconds = solve(problem)
            answer_path = path.with_name(path.name.replace(".problem.json", ".answer.json"))
            answer = json.loads(answer_path.read_text()) if answer_path.exists() else {}
            ours = answer.get("objective")
            ratio = 1.0 if not optimum else (ours or 0) / optimum
            ratios.append(ratio)
            flag = ""
            if "optimal" in answer:
                flag = ", says proven optimal" if answer["optimal"] else f", says at most {answer['upperBound']}"
                if answer["optimal"] and ours != optimum:
                    flag += " (WRONG)"
                if answer["upperBound"] < optimum:
                    flag += " (BOUND BELOW THE OPTIMUM)"
            print(f"{path.name}: {len(problem['meetings'])} meetings, optimum {optimum} ({seconds:.2f} s), "
                  f"PeerPlan {ours}, {ratio * 100:.2f}%{flag}")
    if ratios:
        print(f"{len(ratios)} problems; worst: {min(ratios) * 100:.2f}%, median {median(ratios) * 100:.2f}% of the exact optimum; "
              f"{sum(r >= 0.99999 for r in ratios)} at the optimum")


if __name__ == "__main__":
    main()
