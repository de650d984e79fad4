#!/usr/bin/env python3
"""Invalid documents are rejected by BOTH the JSON Schema (python3-jsonschema, draft 2020-12) and the
loader (`drillsim run` exits 3, invalid input), and their valid base is accepted by both: on these cases
the schema is neither looser nor stricter than the loader.

usage: invalid_documents.py DRILLSIM WORKDIR
"""
import copy
import json
import pathlib
import subprocess
import sys

from jsonschema import Draft202012Validator

BASE = {
    "name": "base",
    "duration_s": 60,
    "services": [{
        "name": "api", "service_time": 0.01,
        "versions": {"stable": {"replicas": 2}, "new": {"replicas": 1}},
        "traffic": {"rate": {"kind": "constant", "rps": 5}},
    }],
    "fault": {"kind": "bad_release", "service": "api", "at_s": 10, "error_probability": 0.5},
    "plan": {"name": "p", "steps": [{"name": "wait a bit", "action": "wait", "duration": 5}]},
}


def set_at(path, value):
    def mutate(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        doc[last] = value
    return mutate


def delete_at(path):
    def mutate(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        del doc[last]
    return mutate


# (name, mutation): each breaks one rule both sides state.
CASES = [
    ("wrong type: duration_s a string", set_at(["duration_s"], "60")),
    ("out of range: duration_s 0", set_at(["duration_s"], 0)),
    ("out of range: duration_s over 30 days", set_at(["duration_s"], 2592001)),
    ("unknown top-level key", set_at(["duraton_s"], 60)),
    ("unknown key in a version", set_at(["services", 0, "versions", "stable", "replcas"], 2)),
    ("replicas over the limit of 1000", set_at(["services", 0, "versions", "stable", "replicas"], 1001)),
    ("replicas not an integer", set_at(["services", 0, "versions", "stable", "replicas"], 2.5)),
    ("probability above 1", set_at(["fault", "error_probability"], 1.5)),
    ("missing required key", delete_at(["services", 0, "traffic"])),
    ("unknown fault kind", set_at(["fault", "kind"], "bad_relase")),
    ("a key of another fault kind", set_at(["fault", "memory_limit_mb"], 512)),
    ("a wait step without its duration", delete_at(["plan", "steps", 0, "duration"])),
    ("a key the step's action does not take", set_at(["plan", "steps", 0, "service"], "api")),
    ("unknown step action", set_at(["plan", "steps", 0, "action"], "wiat")),
    ("plan with both steps and levels",
     set_at(["plan", "levels"], [{"name": "l", "steps": [{"name": "x", "action": "wait", "duration": 1}]}])),
    ("plan with neither steps nor levels", delete_at(["plan", "steps"])),
    ("alert and alerts together",
     lambda d: d.update(alert={"name": "A", "service": "api", "threshold": 0.1},
                        alerts=[{"name": "B", "service": "api", "threshold": 0.1}])),
    ("window and window_s together",
     set_at(["alerts"], [{"name": "A", "service": "api", "threshold": 0.1, "window": "5m", "window_s": 300}])),
    ("unparsable Prometheus duration", set_at(["alerts"], [{"name": "A", "service": "api", "threshold": 0.1,
                                                            "window": "5 minutes"}])),
    ("max_unavailable above 100%", set_at(["services", 0, "strategy"], {"max_unavailable": "101%"})),
    ("bad service name", set_at(["services", 0, "name"], "api gateway")),
    ("empty services", set_at(["services"], [])),
    ("$schema not a string", set_at(["$schema"], 1)),
    ("distribution of unknown kind", set_at(["services", 0, "service_time"], {"kind": "normal", "mean_s": 1})),
    ("distribution with a key of another kind",
     set_at(["services", 0, "service_time"], {"kind": "exponential", "mean_s": 0.01, "sigma": 1})),
]

# Accepted by both: the base, and the base with keys the schema must not refuse.
VALID = [
    ("the base", lambda d: None),
    ("$schema key", set_at(["$schema"], "https://drillsim.dev/schema/scenario.schema.json")),
    ("integer written 2.0", set_at(["services", 0, "versions", "stable", "replicas"], 2.0)),
    ("percentages", set_at(["services", 0, "strategy"], {"max_surge": "100%", "max_unavailable": "0%"})),
    ("Prometheus duration", set_at(["alerts"], [{"name": "A", "service": "api", "threshold": "5%",
                                                 "window": "1h30m", "for": "0"}])),
]


def main():
    drillsim, work = sys.argv[1], pathlib.Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    out = subprocess.run([drillsim, "schema", "scenario"], check=True, capture_output=True, text=True).stdout
    validator = Draft202012Validator(json.loads(out))
    problems = []

    def check(name, mutate, expect_valid):
        doc = copy.deepcopy(BASE)
        mutate(doc)
        path = work / "case.json"
        path.write_text(json.dumps(doc))
        schema_ok = validator.is_valid(doc)
        run = subprocess.run([drillsim, "run", str(path), "--quiet", "--out", str(work / "report.json")],
                             capture_output=True, text=True)
        loader_ok = run.returncode in (0, 1)  # 0/1: it ran (objectives met or not); 3: invalid input.
        if not loader_ok and run.returncode != 3:
            problems.append(f"{name}: drillsim exited {run.returncode}: {run.stderr.strip()}")
        if schema_ok != expect_valid or loader_ok != expect_valid:
            problems.append(f"{name}: schema {'accepts' if schema_ok else 'rejects'}, loader "
                            f"{'accepts' if loader_ok else 'rejects'} ({run.stderr.strip()[:200]})")

    for name, mutate in VALID:
        check(name, mutate, True)
    for name, mutate in CASES:
        check(name, mutate, False)
    for p in problems:
        print(p)
    print(f"{len(VALID)} valid and {len(CASES)} invalid documents; {len(problems)} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
