#!/usr/bin/env python3
"""Harder placement problems than `peerplan-bench place` builds, for Tools/exact_placement.py.

Dev-only (not used by the product, the tests or CI). Deterministic for the given seeds.

    python3 Tools/hard_placement_instances.py DIR

writes DIR/hNN.problem.json:
- h01-h15: weekday schools (Mon-Fri, 8 periods and lunch), scarce free time, 2-period PLCs and PD,
  weekly caps of half the free periods, daily caps of 1 and 2;
- h16-h25: A/B block schedules (2 rotation days of 4 blocks, 2 free blocks per cycle as in real
  block schools), weekly caps of 1-2 periods, a pair meeting a week and alternating observations;
- h26-h35: weekday schools with tight weekly caps (a third of the free periods) and mixed
  priorities (some pairs and PLCs above, some below the defaults);
- h36-h45: h16-h25 with observations every 2 weeks, a pair's two directions alternating
  (`everyWeeks`, `alternatesWith`), as the scheduler now writes them;
- h46-h55: the same block schools where a fifth of the partners support a second colleague (so
  they watch two), observations every 2 weeks; h56-h65: those as if weekly (the old model).
"""
import json
import random
import sys


def clock(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def make(seed, T, nper=8, free_frac=0.25, plc_size=(3, 8), multi=0.3, cap=1, weekcap=True, cap_share=0.5, mixed=False):
    r = random.Random(seed)
    days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    periods = []
    t = 8 * 60
    for i in range(nper):
        if i == 4:
            periods.append({"name": "L", "start": clock(t), "end": clock(t + 30), "kind": "lunch"})
            t += 35
        ln = r.choice([45, 50, 55])
        periods.append({"name": f"P{i + 1}", "start": clock(t), "end": clock(t + ln), "kind": "instruction"})
        t += ln + 5
    ids = [f"T{i}" for i in range(T)]
    teachers = []
    for tid in ids:
        busy = []
        fc = 0
        for d in days:
            for p in periods:
                if p["kind"] != "instruction":
                    continue
                if r.random() > free_frac:
                    busy.append({"day": d, "period": p["name"]})
                else:
                    fc += 1
        te = {"id": tid, "busy": busy}
        if weekcap:
            te["maxMeetingPeriodsPerWeek"] = int(fc * cap_share)
        teachers.append(te)

    def priority(default):
        return r.choice([default - 1, default, default + 1, default + 2]) if mixed else default

    meetings = []
    sh = ids[:]
    r.shuffle(sh)
    for i in range(0, int(T * 0.6) - 1, 2):
        a, b = sh[i], sh[i + 1]
        meetings.append({"id": f"pair{i}", "kind": "pair", "members": [a, b], "sessionsPerWeek": r.choice([1, 1, 2]),
                         "periodsPerSession": 1, "priority": priority(2)})
        meetings.append({"id": f"obs{i}a", "kind": "observation", "members": [a, b], "host": b, "sessionsPerWeek": 1,
                         "periodsPerSession": 1, "priority": priority(2)})
        meetings.append({"id": f"obs{i}b", "kind": "observation", "members": [a, b], "host": a, "sessionsPerWeek": 1,
                         "periodsPerSession": 1, "priority": priority(2)})
    sh = ids[:]
    r.shuffle(sh)
    i = 0
    k = 0
    while i < len(sh):
        n = r.randint(*plc_size)
        mem = sh[i:i + n]
        i += n
        if len(mem) < 2:
            break
        meetings.append({"id": f"plc{k}", "kind": "plc", "members": mem, "sessionsPerWeek": 1,
                         "periodsPerSession": r.choice([1, 1, 2]) if r.random() < multi else 1,
                         "allowedDays": ["Tue", "Wed", "Thu"], "priority": priority(3)})
        k += 1
    for tid in ids:
        if r.random() < 0.7:
            meetings.append({"id": f"pd{tid}", "kind": "pd", "members": [tid], "sessionsPerWeek": 1,
                             "periodsPerSession": r.choice([1, 2]), "priority": 1})
    return {"days": days, "periods": periods, "maxMeetingsPerTeacherPerDay": cap, "teachers": teachers,
            "meetings": meetings, "seed": 0, "timeLimitSeconds": 1.0}


def make_block(seed, T, free_blocks=2, cap=1, dept=8, every_two=False, second=0.0):
    """An A/B block school as the scheduler builds it: positions `1/5` .. `4/8` (A-day block 1
    and B-day block 5 at the same times), advisory and lunch, 2 free blocks per cycle, a weekly
    cap of half the free blocks, pairs with alternating observations, PLCs on both days, PD."""
    r = random.Random(seed)
    days = ["A", "B"]
    periods = [
        {"name": "1/5", "start": "08:00", "end": "09:30", "kind": "instruction"},
        {"name": "2/6", "start": "09:35", "end": "11:05", "kind": "instruction"},
        {"name": "ADV", "start": "11:10", "end": "11:35", "kind": "advisory"},
        {"name": "L", "start": "11:35", "end": "12:05", "kind": "lunch"},
        {"name": "3/7", "start": "12:10", "end": "13:40", "kind": "instruction"},
        {"name": "4/8", "start": "13:45", "end": "15:15", "kind": "instruction"},
    ]
    blocks = [(d, p["name"]) for d in days for p in periods if p["kind"] == "instruction"]
    ids = [f"T{i}" for i in range(T)]
    teachers = []
    for n, tid in enumerate(ids):
        # A department shares one planning block; the other free block is the teacher's own.
        common = blocks[(n // dept) % len(blocks)]
        own = r.choice([b for b in blocks if b != common])
        free = {common, own} if free_blocks >= 2 else {common}
        while len(free) < free_blocks:
            free.add(r.choice(blocks))
        busy = [{"day": d, "period": p} for (d, p) in blocks if (d, p) not in free]
        teachers.append({"id": tid, "busy": busy, "teaching": busy,
                         "maxMeetingPeriodsPerWeek": len(free) // 2})
    meetings = []
    sh = ids[:]
    r.shuffle(sh)
    pairs = [(sh[i], sh[i + 1]) for i in range(0, int(T * 0.6) - 1, 2)]
    # Partners (first of a pair) supporting a second colleague, from those not yet paired.
    spare = sh[len(pairs) * 2:]
    pairs += [(pairs[j][0], spare[j]) for j in range(min(len(spare), int(len(pairs) * second)))]
    for a, b in pairs:
        meetings.append({"id": f"pair:{a}:{b}", "kind": "pair", "members": [a, b], "sessionsPerWeek": 1,
                         "periodsPerSession": 1, "priority": 2})
        for obs, host in ((b, a), (a, b)):
            meetings.append({"id": f"observe:{obs}:{host}", "kind": "observation", "members": [obs, host], "host": host,
                             "sessionsPerWeek": 1, "periodsPerSession": 1, "priority": 2})
            if every_two:
                meetings[-1]["everyWeeks"] = 2
                if obs == b:
                    meetings[-1]["alternatesWith"] = f"observe:{host}:{obs}"
    k = 0
    i = 0
    while i < T:
        n = r.randint(3, 6)
        mem = ids[i:i + n]
        i += n
        if len(mem) >= 3:
            meetings.append({"id": f"plc:{k}", "kind": "plc", "members": mem, "sessionsPerWeek": 1,
                             "periodsPerSession": 1, "allowedDays": days, "priority": 3})
            k += 1
    collaborating = sorted({m for x in meetings for m in x["members"]})
    for tid in collaborating:
        meetings.append({"id": f"pd:{tid}", "kind": "pd", "members": [tid], "sessionsPerWeek": 1,
                         "periodsPerSession": 1, "priority": 1})
    return {"days": days, "periods": periods, "maxMeetingsPerTeacherPerDay": cap, "teachers": teachers,
            "meetings": meetings, "seed": 0, "timeLimitSeconds": 1.0}


def main():
    out = sys.argv[1]
    i = 0
    for T in [60, 100, 150, 200, 300]:
        for ff in [0.2, 0.3, 0.4]:
            i += 1
            with open(f"{out}/h{i:02d}.problem.json", "w") as f:
                json.dump(make(1000 + i, T, free_frac=ff, cap=1 if i % 2 else 2), f)
    for T in [40, 60, 90, 120, 150]:
        for free_blocks in [2, 3]:
            i += 1
            with open(f"{out}/h{i:02d}.problem.json", "w") as f:
                json.dump(make_block(2000 + i, T, free_blocks=free_blocks, cap=1 if i % 2 else 2), f)
    for T in [60, 100, 150, 200, 300]:
        for ff in [0.25, 0.35]:
            i += 1
            with open(f"{out}/h{i:02d}.problem.json", "w") as f:
                json.dump(make(3000 + i, T, free_frac=ff, cap=1 if i % 2 else 2, cap_share=1 / 3, mixed=True), f)
    for variant in [dict(every_two=True), dict(every_two=True, second=0.2), dict(second=0.2)]:
        k = 0
        for T in [40, 60, 90, 120, 150]:
            for free_blocks in [2, 3]:
                i += 1
                k += 1
                with open(f"{out}/h{i:02d}.problem.json", "w") as f:
                    json.dump(make_block(2015 + k, T, free_blocks=free_blocks, cap=2 if k % 2 else 1, **variant), f)


if __name__ == "__main__":
    main()
