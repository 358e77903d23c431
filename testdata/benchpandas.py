#!/usr/bin/python3
"""The benchmark's pandas peer: the script an analyst would write instead of
yardstick, doing the same bare work as testdata/benchbare on the same CSV
files. Read each file (LA rows), pick each indicator by its measure and
filter values (one merge per group of indicators sharing a file, a measure
and filter names), rank nationally and within the region (rank 1 best,
ties take the lowest rank), type-7 quartile bands (A best), and write the
ranked values to one CSV.

The picks come from `benchbare -plan CONFIG` (JSON), so the two peers pick
the same indicators from the same files. pandas is Debian's python3-pandas.

Usage: benchpandas.py PLAN.json OUT.csv
"""
import json
import sys

import pandas as pd


def pick(frames, group):
    path = group["path"]
    if path not in frames:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        frames[path] = df[df["geographic_level"] == "Local authority"]
    df = frames[path]
    inds = pd.DataFrame(group["rows"], columns=["indicator_id", "polarity"] + group["keys"])
    if group["keys"]:
        got = df.merge(inds, on=group["keys"])
    else:
        got = df.merge(inds, how="cross")
    return pd.DataFrame({
        "indicator_id": got["indicator_id"],
        "polarity": got["polarity"],
        "time_period": got["time_period"],
        "la_code": got["old_la_code"],
        "region_code": got["region_code"],
        "value": pd.to_numeric(got[group["measure"]], errors="coerce"),
    })


def main(plan_path, out_path):
    with open(plan_path) as f:
        plan = json.load(f)
    frames = {}
    v = pd.concat([pick(frames, g) for g in plan], ignore_index=True)
    v = v[v["value"].notna()].reset_index(drop=True)
    # rank 1 is best: larger is better for polarity high
    key = v["value"].where(v["polarity"] == "low", -v["value"])
    v["national_rank"] = key.groupby([v["indicator_id"], v["time_period"]]).rank(method="min").astype(int)
    v["regional_rank"] = key.groupby([v["indicator_id"], v["time_period"], v["region_code"]]).rank(method="min").astype(int)
    q = v.groupby(["indicator_id", "time_period"])["value"].quantile([0.25, 0.5, 0.75]).unstack()
    q.columns = ["q1", "q2", "q3"]
    v = v.join(q, on=["indicator_id", "time_period"])
    band = 1 + (v["value"] > v["q1"]).astype(int) + (v["value"] > v["q2"]).astype(int) + (v["value"] > v["q3"]).astype(int)
    # band 1 is the lowest values: A for polarity low, D for high
    v["quartile"] = band.where(v["polarity"] == "low", 5 - band).map({1: "A", 2: "B", 3: "C", 4: "D"})
    v.drop(columns=["q1", "q2", "q3"]).to_csv(out_path, index=False)
    print(f"pandas: {len(plan)} picks, {len(v)} ranked LA values")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: benchpandas.py PLAN.json OUT.csv")
    main(sys.argv[1], sys.argv[2])
