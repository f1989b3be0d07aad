#!/usr/bin/env python3
"""Time OR-Tools CP-SAT on PeerPlan placement problems, in-process, for the README's comparison
with the whole `peerplan place` process (issue 13: "under CP-SAT's in-process solve time").

Dev-only: not used by the product, the tests or CI. Needs python3 with ortools (for example
`python3 -m venv /tmp/cpsat && /tmp/cpsat/bin/pip install ortools`) and scipy (for the model,
shared with Tools/exact_placement.py).

    peerplan-bench place --teachers 300 --schools 5 --dump /tmp/place300
    /tmp/cpsat/bin/python Tools/cpsat_placement.py /tmp/place300

For every X.problem.json it builds the same 0-1 model as exact_placement.py, then times
`CpSolver.Solve` alone (model building excluded) with the solver's default workers, and prints the
objective, whether CP-SAT proved it optimal, and PeerPlan's objective from X.answer.json.
"""
import json
import pathlib
import sys
import time

from ortools.sat.python import cp_model

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from exact_placement import median, model  # noqa: E402


def solve(problem, time_limit=60.0):
    values, rows = model(problem)
    m = cp_model.CpModel()
    x = [m.NewBoolVar(f"x{i}") for i in range(len(values))]
    for coefficients, bound in rows:
        m.Add(sum(c * x[v] for v, c in coefficients.items()) <= bound)
    m.Maximize(sum(v * x[i] for i, v in enumerate(values) if v))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    started = time.perf_counter()
    status = solver.Solve(m)
    elapsed = time.perf_counter() - started
    return int(round(solver.ObjectiveValue())), status == cp_model.OPTIMAL, elapsed


def main():
    times = []
    for folder in [pathlib.Path(f) for f in (sys.argv[1:] or ["."])]:
        for path in sorted(folder.glob("*.problem.json")):
            problem = json.loads(path.read_text())
            value, proven, seconds = solve(problem)
            times.append(seconds)
            answer_path = path.with_name(path.name.replace(".problem.json", ".answer.json"))
            ours = json.loads(answer_path.read_text()).get("objective") if answer_path.exists() else None
            print(f"{path.name}: CP-SAT {value}{' (optimal)' if proven else ' (not proven)'} in {seconds * 1000:.0f} ms; PeerPlan {ours}")
    if times:
        print(f"{len(times)} problems; CP-SAT solve time median {median(times) * 1000:.0f} ms, "
              f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
