#!/usr/bin/env python3
"""The Monte Carlo outputs of small real studies (`drillsim run --runs 20`: an aggregate with plan levels,
a shard, a sweep) validate against the JSON Schemas `drillsim schema aggregate|sweep` prints (checked by
python3-jsonschema, draft 2020-12), also with every object closed (so a key the writer adds without
describing it fails); and a wrong type in a nested field is refused by the schema (and, in the per-run
table, by `drillsim merge` too, which reads that table back).

usage: validate_aggregates.py DRILLSIM REPO_ROOT WORKDIR
"""
import copy
import json
import pathlib
import subprocess
import sys


from validate_reports import at, set_at, validators


# (name, path, wrong value, read back by merge): nested fields of the first aggregate.
CASES = [
    ("proportion a string", ["objectives", 0, "rto_met", "p"], "0.9", False),
    ("probability above 1", ["objectives", 0, "rpo_met", "wilson", 1], 1.5, False),
    ("interval of three", ["objectives", 0, "both_met", "wilson"], [0.1, 0.2, 0.3], False),
    ("quantile a string", ["metrics", "time_to_detect_s", "quantiles", "p50"], "330", False),
    ("histogram count negative", ["metrics", "downtime_s", "histogram", "counts", 0], -1, False),
    ("exit state proportion not an object", ["exit_states", None], 0.5, False),  # None: its first key.
    ("level not_judged a string", ["levels", 0, "not_judged"], "0", False),
    ("attribution figure a string", ["attribution", "inputs", 0, "first_order_index"], "high", False),
    ("per-run verdict a string", ["per_run", 0, "objectives", 0, "rto_met"], "yes", True),
    ("per-run count negative", ["per_run", 0, "requests_failed"], -3, True),
    ("per-run input a string", ["per_run", 0, "inputs", "ack"], "fast", True),
    ("per-run claim verdict a string", ["per_run", 0, "levels", 0, "claim_met"], "no", True),
]


def main():
    drillsim, root, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    aggregate = validators(drillsim, "aggregate")
    sweep = validators(drillsim, "sweep")
    # (output, its kind, the command's arguments after `run SCENARIO`)
    studies = [
        ("levels.json", aggregate, "scenarios/seeds/five-levels/scenario.json", []),
        ("shard.json", aggregate, "scenarios/default.json", ["--shard", "1/2"]),
        ("sweep.json", sweep, "scenarios/default.json", ["--sweep", "/services/0/versions/stable/replicas=2,3"]),
    ]
    problems = []
    documents = {}
    for name, (published, complete), scenario, extra in studies:
        out = work / name
        run = subprocess.run([drillsim, "run", str(root / scenario), "--runs", "20", "--jobs", "1", "--quiet",
                              "--out", str(out)] + extra, capture_output=True, text=True)
        if run.returncode != 0:
            problems.append(f"{name}: drillsim exited {run.returncode}: {run.stderr.strip()[:300]}")
            continue
        document = json.loads(out.read_text())
        documents[name] = document
        for label, validator in (("schema", published), ("completeness", complete)):
            for error in list(validator.iter_errors(document))[:5]:
                pointer = "/" + "/".join(str(p) for p in error.absolute_path)
                problems.append(f"{name} ({label}): {pointer}: {error.message[:300]}")
    # What the studies must have shown for the check to mean something.
    if "levels.json" in documents and not documents["levels.json"]["levels"]:
        problems.append("levels.json: no plan level, so level claims went unchecked")
    if "shard.json" in documents and "shard" not in documents["shard.json"]:
        problems.append("shard.json: no shard object")
    if "sweep.json" in documents and len(documents["sweep.json"]["points"]) != 2:
        problems.append("sweep.json: expected 2 points")

    rejected = 0
    base = documents.get("levels.json")
    for case, path, value, merge_reads in CASES if base else []:
        path = [next(iter(at(base, path[:i]))) if p is None else p for i, p in enumerate(path)]
        try:
            at(base, path)
        except (KeyError, IndexError):
            problems.append(f"{case}: the aggregate has no {path}")
            continue
        doc = copy.deepcopy(base)
        set_at(doc, path, value)
        pointer = "/" + "/".join(str(p) for p in path)
        ok = True
        if aggregate[0].is_valid(doc):
            problems.append(f"{case} ({pointer}): the schema accepts it")
            ok = False
        if merge_reads:
            bad = work / "wrong.json"
            bad.write_text(json.dumps(doc))
            merge = subprocess.run([drillsim, "merge", str(bad), "-o", str(work / "merged.json")],
                                   capture_output=True, text=True)
            if merge.returncode != 3:
                problems.append(f"{case} ({pointer}): drillsim merge exited {merge.returncode}, not 3")
                ok = False
        rejected += ok
    # The unchanged aggregate merges (alone it is the whole study), so a refusal above is the wrong field's.
    if base:
        merge = subprocess.run([drillsim, "merge", str(work / "levels.json"), "-o", str(work / "merged.json")],
                               capture_output=True, text=True)
        if merge.returncode != 0:
            problems.append(f"the unchanged aggregate: drillsim merge exited {merge.returncode}")

    for p in problems:
        print(p)
    print(f"{len(documents)} of {len(studies)} studies validated; {rejected} of {len(CASES)} wrong nested fields "
          f"rejected; {len(problems)} problems")
    return 1 if problems or len(documents) != len(studies) else 0


if __name__ == "__main__":
    sys.exit(main())
