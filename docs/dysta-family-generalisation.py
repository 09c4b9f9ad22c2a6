#!/usr/bin/env python3
"""Summarises docs/dysta-family-generalisation.sh's result folder: the trained-on x tested-on matrix
of dysta-family's held-out violation rate, and each test scenario's table against the published
schedulers and the offline optimum. Paired per trace (seed): gains are means of per-trace
differences with their standard error. Usage: python3 docs/dysta-family-generalisation.py OUT"""
import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

SCENARIOS = ["dysta-mobile-vision", "dysta-arvr-hand-tracking", "dysta-datacentre-assistant"]
SHORT = {"dysta-mobile-vision": "mobile-vision", "dysta-arvr-hand-tracking": "arvr-hand-tracking",
         "dysta-datacentre-assistant": "datacentre-assistant"}


def rows(folder):
    with open(folder / "metrics.csv", newline="") as f:
        return list(csv.DictReader(f))


def by_policy(table, metric):
    """policy -> {seed: value}"""
    out = defaultdict(dict)
    for r in table:
        out[r["policy"]][r["seed"]] = float(r[metric]) if r[metric] not in ("", "NaN") else math.nan
    return out


def paired(a, b):
    """mean and standard error of a - b over the seeds both have"""
    d = [a[s] - b[s] for s in a if s in b and not math.isnan(a[s]) and not math.isnan(b[s])]
    m = sum(d) / len(d)
    sd = math.sqrt(sum((x - m) ** 2 for x in d) / (len(d) - 1)) if len(d) > 1 else math.nan
    return m, sd / math.sqrt(len(d))


def mean(values):
    v = [x for x in values.values() if not math.isnan(x)]
    return sum(v) / len(v) if v else math.nan


def fmt(x, digits):
    return "n/a" if math.isnan(x) else f"{x:.{digits}f}"


def main(out):
    out = Path(out)
    tables = {t: rows(out / f"test-on-{t}") for t in SCENARIOS}
    print("Held-out violation rate of dysta-family tuned on the row's scenario (mean of seeds 1 and 2),")
    print("tested on the column's; in brackets the paired gain over published dysta (+ is better) +- s.e.\n")
    print("| trained on \\ tested on | " + " | ".join(SHORT[t] for t in SCENARIOS) + " |")
    print("|---|" + "---|" * len(SCENARIOS))
    for s in SCENARIOS:
        cells = []
        for t in SCENARIOS:
            v = by_policy(tables[t], "violation_rate")
            tuned = [v[f"tuned-on-{s}-s{seed}"] for seed in (1, 2)]
            avg = {k: sum(x[k] for x in tuned) / 2 for k in tuned[0]}
            g, se = paired(v["dysta"], avg)
            cells.append(f"{mean(avg):.4f} ({g:+.4f} +- {se:.4f})")
        print(f"| {SHORT[s]} | " + " | ".join(cells) + " |")
    for t in SCENARIOS:
        print(f"\nTested on {SHORT[t]} (8 held-out traces of 200 requests; optimum: lexicographic, proven or searched per busy period):\n")
        print("| policy | violation rate | priority-weighted violation rate | ANTT |")
        print("|---|---|---|---|")
        v = by_policy(tables[t], "violation_rate")
        w = by_policy(tables[t], "priority_weighted_violation_rate")
        a = by_policy(tables[t], "antt")
        for p in v:
            if p.endswith("-lower-bound-family"):
                continue
            print(f"| {p} | {fmt(mean(v[p]), 4)} | {fmt(mean(w[p]), 4)} | {fmt(mean(a[p]), 3)} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "results/generalisation")
