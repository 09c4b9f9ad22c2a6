"""Load Cotenant experiment folders (metrics.csv + manifest.json) and aggregate them over seeds.

The same aggregation as the Java report (dev.cotenant.experiments.report.Summary): for every sweep
condition (a point without its seed) and policy, the mean and the sample standard deviation (n - 1)
over seeds. Policies keep the spec's order; colours follow matplotlib's tab10 as the Java charts do.
"""
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

CONDITION = ["offered_load", "arrival_rate_per_s", "slo_multiplier_min", "slo_multiplier_max"]


def results_root():
    """Folder holding one sub-folder per experiment: $COTENANT_RESULTS, else ../results/experiments."""
    return Path(os.environ.get("COTENANT_RESULTS", Path(__file__).resolve().parent.parent / "results" / "experiments"))


def load(name, root=None):
    """(metrics DataFrame, manifest dict) of the experiment folder root/name."""
    folder = Path(root or results_root()) / name
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest["status"] != "complete":
        raise RuntimeError(f"{folder}: status {manifest['status']}; rerun the experiment to finish it")
    df = pd.read_csv(folder / "metrics.csv")
    order = row_labels(manifest)
    df["policy"] = pd.Categorical(df["policy"], categories=order, ordered=True)
    return df, manifest


# An optimum entry's row is followed by two bound rows (docs/experiments.md); their other metrics are NaN.
FAMILY_BOUND = "-lower-bound-family"
ANY_SCHEDULE_BOUND = "-lower-bound-any-schedule"


def row_labels(manifest):
    """The policy column's values in spec order: every entry's label, plus an optimum entry's two bound rows."""
    labels = []
    for p in manifest["spec"]["policies"]:
        labels.append(p["label"])
        if "optimum" in p:
            labels += [p["label"] + FAMILY_BOUND, p["label"] + ANY_SCHEDULE_BOUND]
    return labels


# MoCA's metric names (its script) for the one layout's columns (docs/moca.md).
MOCA_COLUMNS = {"policy": "scheduler", "sla_satisfaction": "sla", "sla_satisfaction_priority_9_11": "sla_priority_9_11",
                "moca_stp": "stp_corrected", "moca_stp_as_written": "stp_as_written",
                "fairness": "fairness_corrected", "moca_fairness_as_written": "fairness_as_written"}
QOS_BY_SCALE = {0.8: "H", 1.0: "M", 1.2: "L"}


def load_moca(name, subject="moca", root=None):
    """(metrics DataFrame, ratios DataFrame, manifest dict) of a `setting: moca` experiment folder root/name
    (what `cotenant moca --out` writes: the one layout, metrics.csv + manifest.json).

    metrics.csv has one row per point (workload set or trace file, load, QoS scale, seed) and policy;
    MoCA's metrics get the script's names (sla, stp_corrected, ...), `set` and `qos` are split out, and
    `workload` names the trace as the artifact does (moca-SET-QOS, with @LOAD when a load axis was given).
    The ratios are `subject`'s over every other policy per point, then their mean (infinite ratios left
    out) and max over points, as the CLI prints them."""
    df, manifest = load(name, root)
    df = df.rename(columns=MOCA_COLUMNS)
    is_set = df["workload"].astype(str).str.fullmatch(r"[abc]")
    df["set"] = df["workload"].where(is_set).str.upper()
    qos = df["slo_multiplier_min"].round(6).map(QOS_BY_SCALE)
    df["qos"] = pd.Categorical(qos.where(is_set), categories=["H", "M", "L"], ordered=True)
    scaled = bool(manifest["spec"]["sweep"].get("loads"))
    label = "moca-" + df["workload"].astype(str) + "-" + qos.fillna("x").str.lower()
    label = label.where(~df["seed"].ne(777), label + "#seed" + df["seed"].astype(str))
    label = label.where(is_set, df["workload"].astype(str))
    df["workload"] = label + ("@" + df["offered_load"].round(3).astype(str) if scaled else "")
    rows = []
    metrics = ["sla", "stp_corrected", "stp_as_written", "fairness_corrected", "fairness_as_written"]
    by_point = df.set_index(["point", "scheduler"])
    for baseline in [p for p in df["scheduler"].cat.categories if p != subject]:
        for metric in metrics:
            ratio = (by_point.xs(subject, level="scheduler")[metric] / by_point.xs(baseline, level="scheduler")[metric]).dropna()
            finite = ratio[np.isfinite(ratio)]
            rows.append({"scope": "mean", "baseline": baseline, "metric": metric, "ratio": finite.mean()})
            rows.append({"scope": "max", "baseline": baseline, "metric": metric, "ratio": ratio.max()})
    manifest["runtime"] = "artifact (as written)" if manifest["spec"]["workload"].get("artifact_runtime") else "physical"
    manifest["subject"] = subject
    return df, pd.DataFrame(rows), manifest


def summarise(df, metrics=("violation_rate", "antt")):
    """Mean and std over seeds per condition and policy; columns like violation_rate_mean, violation_rate_std."""
    # dropna=False: a periodic scenario's rows and a trace file's have no SLO multiplier (NaN), and are conditions all the same
    g = df.groupby(CONDITION + ["policy"], observed=True, dropna=False)[list(metrics)]
    out = g.agg(["mean", "std", "count"])
    out.columns = [f"{m}_{s}" for m, s in out.columns]
    for m in metrics:
        out[f"{m}_std"] = out[f"{m}_std"].fillna(0.0)  # one seed: no spread
    return out.reset_index()


def condition_label(c):
    """A condition in words: its load, and its SLO multiplier when it has one (a periodic scenario's deadlines come from its frames)."""
    slo = c["slo_multiplier_min"]
    return f"load {c['offered_load']:.2f}" + ("" if pd.isna(slo) else f", SLO x{slo:g}")


def describe(manifest):
    """One line saying what the folder holds and where it came from."""
    s = manifest["spec"]
    return (f"{manifest['experiment']}: {manifest['paper']} | {s['workload']['source']} {s['workload']['name']}, "
            f"{s['workload']['requests']} requests/trace, seeds {manifest['seeds']}, commit {manifest['git_commit']}, "
            f"{manifest['points_done']}/{manifest['points_total']} points")
