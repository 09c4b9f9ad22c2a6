"""Load Cotenant experiment folders (metrics.csv + manifest.json) and aggregate them over seeds.

The same aggregation as the Java report (dev.cotenant.experiments.report.Summary): for every sweep
condition (a point without its seed) and policy, the mean and the sample standard deviation (n - 1)
over seeds. Policies keep the spec's order; colours follow matplotlib's tab10 as the Java charts do.
"""
import json
import os
from pathlib import Path

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


def load_moca(name, root=None):
    """(metrics DataFrame, ratios DataFrame, run.json dict) of a `cotenant moca` result folder root/name.

    metrics.csv has one row per workload (a trace: moca-SET-QOS, or a trace file) and policy; the
    set and QoS letters are split out of artifact scenario names into `set` and `qos` columns."""
    folder = Path(root or results_root()) / name
    run = json.loads((folder / "run.json").read_text())
    df = pd.read_csv(folder / "metrics.csv")
    policies = list(run["policies"].keys())
    df["scheduler"] = pd.Categorical(df["scheduler"], categories=policies, ordered=True)
    parts = df["workload"].str.extract(r"^moca-([abc])-([hml])")
    df["set"] = parts[0].str.upper()
    df["qos"] = pd.Categorical(parts[1].str.upper(), categories=["H", "M", "L"], ordered=True)
    ratios = pd.read_csv(folder / "ratios.csv")
    return df, ratios, run


def summarise(df, metrics=("violation_rate", "antt")):
    """Mean and std over seeds per condition and policy; columns like violation_rate_mean, violation_rate_std."""
    g = df.groupby(CONDITION + ["policy"], observed=True)[list(metrics)]
    out = g.agg(["mean", "std", "count"])
    out.columns = [f"{m}_{s}" for m, s in out.columns]
    for m in metrics:
        out[f"{m}_std"] = out[f"{m}_std"].fillna(0.0)  # one seed: no spread
    return out.reset_index()


def describe(manifest):
    """One line saying what the folder holds and where it came from."""
    s = manifest["spec"]
    return (f"{manifest['experiment']}: {manifest['paper']} | {s['workload']['source']} {s['workload']['name']}, "
            f"{s['workload']['requests']} requests/trace, seeds {manifest['seeds']}, commit {manifest['git_commit']}, "
            f"{manifest['points_done']}/{manifest['points_total']} points")
