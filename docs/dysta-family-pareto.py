#!/usr/bin/env python3
"""NSGA-II (tune --search ga with a two-metric objective) against random search for dysta-family's
violation-rate/ANTT front, at equal budgets, on held-out traces (docs/tuning.md). Reads the tuner's
folders OUT/SCENARIO-{ga,random}-sSEED (pareto.csv: every front member's held-out values;
validation.csv: the published schedulers on the same held-out traces) and prints, per scenario and
seed, the hypervolume of each held-out front and how many members beat published dysta on both
metrics; with --figure PNG it draws the first scenario's seed-1 fronts beside the published ones.
Usage: python3 docs/dysta-family-pareto.py OUT [--figure PNG]"""
import csv
import sys
from collections import defaultdict
from pathlib import Path

BASELINES = ["dysta", "planaria", "sjf"]


def front(path):
    with open(path / "pareto.csv", newline="") as f:
        pts = [(float(r["validation_violation_rate"]), float(r["validation_antt"])) for r in csv.DictReader(f)]
    return sorted(p for p in pts if not any(q != p and q[0] <= p[0] and q[1] <= p[1] for q in pts))


def published(path):
    sums = defaultdict(lambda: [0.0, 0.0, 0])
    with open(path / "validation.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["role"] == "baseline" and r["set"] == "validation":
                s = sums[r["policy"]]
                s[0] += float(r["violation_rate"]); s[1] += float(r["antt"]); s[2] += 1
    return {p: (v / n, a / n) for p, (v, a, n) in sums.items()}


def hypervolume(points, ref):
    """area dominated by points (minimisation) inside the box up to ref"""
    area, prev_antt = 0.0, ref[1]
    for v, a in sorted(points):
        if v >= ref[0] or a >= prev_antt:
            continue
        area += (ref[0] - v) * (prev_antt - a)
        prev_antt = a
    return area


def main(out, figure=None):
    out = Path(out)
    runs = sorted(p for p in out.iterdir() if (p / "pareto.csv").exists() and "-s" in p.name)
    scenarios = sorted({p.name.rsplit("-", 2)[0] for p in runs})
    print("| scenario | seed | hypervolume NSGA-II | hypervolume random | NSGA-II front size (beating dysta on both) | random front size (beating dysta on both) |")
    print("|---|---|---|---|---|---|")
    for sc in scenarios:
        for seed in sorted({p.name.rsplit("-s", 1)[1] for p in runs if p.name.startswith(sc + "-")}, key=int):
            ga, rnd = out / f"{sc}-ga-s{seed}", out / f"{sc}-random-s{seed}"
            if not (ga / "pareto.csv").exists() or not (rnd / "pareto.csv").exists():
                continue
            pub = published(ga)
            # reference point: the worst published heuristic of the three, per metric, on these traces
            ref = (max(pub[b][0] for b in BASELINES), max(pub[b][1] for b in BASELINES))
            cells = []
            for run in (ga, rnd):
                f = front(run)
                beats = sum(1 for v, a in f if v < pub["dysta"][0] and a < pub["dysta"][1])
                cells.append((hypervolume(f, ref), len(f), beats))
            print(f"| {sc} | {seed} | {cells[0][0]:.4f} | {cells[1][0]:.4f} | {cells[0][1]} ({cells[0][2]}) | {cells[1][1]} ({cells[1][2]}) |")
    if figure:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        sc = scenarios[0]
        ga, rnd = out / f"{sc}-ga-s1", out / f"{sc}-random-s1"
        pub = published(ga)
        fig, ax = plt.subplots(figsize=(6.4, 4.4), dpi=150)
        for run, label, style in ((ga, "NSGA-II front (320 evaluations)", "o-"), (rnd, "random-search front (320 evaluations)", "s--")):
            f = front(run)
            ax.plot([p[0] for p in f], [p[1] for p in f], style, label=label, drawstyle="steps-post", markersize=5)
        for name in ["dysta", "planaria", "sjf", "sjf-sparse", "prema"]:
            v, a = pub[name]
            ax.scatter([v], [a], marker="x", color="black", zorder=3)
            ax.annotate(name, (v, a), textcoords="offset points", xytext=(4, 4), fontsize=8)
        ax.set_xlabel("violation rate on held-out traces (fraction of requests late)")
        ax.set_ylabel("ANTT on held-out traces (x isolated latency)")
        ax.set_title(f"dysta-family on {sc}, seed 1: tuned fronts vs published schedulers", fontsize=9)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(figure)
        print(f"wrote {figure}")


if __name__ == "__main__":
    args = sys.argv[1:]
    fig = None
    if "--figure" in args:
        i = args.index("--figure"); fig = args[i + 1]; del args[i:i + 2]
    main(args[0] if args else "results/pareto", fig)
