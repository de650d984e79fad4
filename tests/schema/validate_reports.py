#!/usr/bin/env python3
"""Every report the bundled scenarios produce validates against the report's JSON Schema (`drillsim schema
report`, checked by python3-jsonschema, draft 2020-12); the schema describes every key those reports hold;
and a report with a wrong type (or value) in a nested field is rejected by both the schema and drillsim's
own reader (`drillsim export` exits 3, invalid input).

usage: validate_reports.py DRILLSIM REPO_ROOT WORKDIR

The published schema's objects are open (a reader skips keys it does not know). To show that the
description is complete, each report is also validated against a copy whose objects are closed
(additionalProperties: false), so a key the writer adds without describing it fails here.
"""
import copy
import json
import pathlib
import subprocess
import sys

from jsonschema import Draft202012Validator


def closed(schema):
    """The schema with every object that lists its properties closed to other keys."""
    out = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(out)
    return out


# The published schema of `drillsim schema NAME`, checked as a draft 2020-12 schema, and its closed form
# (every object refuses keys it does not describe).
def validators(drillsim, name):
    text = subprocess.run([drillsim, "schema", name], check=True, capture_output=True, text=True).stdout
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema), Draft202012Validator(closed(schema))


def shortened(document, keep=3):
    """The document with each array of plain values cut to `keep` elements: the keys are all still there."""
    if isinstance(document, dict):
        return {k: shortened(v, keep) for k, v in document.items()}
    if isinstance(document, list):
        if all(not isinstance(v, (dict, list)) for v in document):
            return document[:keep]
        return [shortened(v, keep) for v in document]
    return document


def at(document, path):
    for key in path:
        document = document[key]
    return document


def has(document, path):
    try:
        at(document, path)
        return True
    except (KeyError, IndexError, TypeError):
        return False


def set_at(document, path, value):
    at(document, path[:-1])[path[-1]] = value


# (name, path, wrong value): each a nested field of a real report given a value of the wrong type or out of
# its range. The first report (in the order run) that has the path is used. Array indices stay below
# shortened()'s 3: the schema checks the shortened report (it has every key, and the schema bounds no
# array's length), drillsim's reader the whole one.
CASES = [
    ("metric a string", ["incidents", 0, "metrics", "requests_failed"], "12"),
    ("metric negative", ["incidents", 0, "metrics", "users_affected"], -1),
    ("instant a string", ["incidents", 0, "instants", "detect"], "930"),
    ("escalation responder a number", ["incidents", 0, "escalations"], [{"responder": 1, "t_s": 3.0}]),
    ("notification time a string", ["incidents", 0, "notifications_s"], ["960"]),
    ("decision not an object", ["incidents", 0, "decision"], "rollback"),
    ("objective verdict a string", ["objectives", 0, "rto_met"], "yes"),
    ("objective's time to restore a string", ["objectives", 0, "time_to_restore_s"], "758"),
    ("step status unknown", ["plan", "steps", 0, "status"], "done"),
    ("step attempts not an integer", ["plan", "steps", 0, "attempts"], 1.5),
    ("level claim_met a string", ["plan", "levels", 0, "claim_met"], "true"),
    ("level claim a string", ["plan", "levels", 0, "claim_s"], "300"),
    ("store writes lost negative", ["data", 0, "writes_lost"], -1),
    ("store restores a string", ["data", 0, "restores_s"], "never"),
    ("series percentile a string", ["series", 0, "p95_s", 2], "0.1"),
    ("series ready not an integer", ["series", 0, "ready", 0], 2.5),
    ("series version unknown", ["series", 0, "version"], "canary"),
    ("series whole-drill latency a string", ["series", 0, "latency", "p95_s"], "fast"),
    ("detail window count negative", ["series", 0, "detail", 0, "requests", 0], -1),
    ("signal fired_s a string", ["signals", 0, "fired_s"], "never"),
    ("alert state time a string", ["signals", 0, "alerts", 0, "states", 0, "t_s"], "x"),
    ("scenario duration a string", ["scenario", "duration_s"], "1800"),
]


def main():
    drillsim, root, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    text = subprocess.run([drillsim, "schema", "report"], check=True, capture_output=True, text=True).stdout
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    published = Draft202012Validator(schema)
    complete = Draft202012Validator(closed(schema))

    scenarios = sorted(p for p in (root / "scenarios").rglob("*.json") if not p.name.startswith("plan"))
    scenarios += sorted((root / "tests" / "data" / "long").glob("*.json"))
    problems = []
    reports = []  # (name, path of the report file, document)
    for scenario in scenarios:
        name = str(scenario.relative_to(root))
        out = work / (name.replace("/", ".") + ".report.json")
        run = subprocess.run([drillsim, "run", str(scenario), "--quiet", "--out", str(out)],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            problems.append(f"{name}: drillsim exited {run.returncode}: {run.stderr.strip()[:300]}")
            continue
        document = json.loads(out.read_text())
        for label, validator, doc in (("schema", published, document),
                                      ("completeness", complete, shortened(document))):
            for error in list(validator.iter_errors(doc))[:5]:
                pointer = "/" + "/".join(str(p) for p in error.absolute_path)
                problems.append(f"{name} ({label}): {pointer}: {error.message[:300]}")
        reports.append((name, out, document))
    versions = {doc["schema_version"] for _, _, doc in reports}

    # The completeness check can fail: a key no description names is refused by it (and only by it).
    if reports:
        extra = copy.deepcopy(shortened(reports[0][2]))
        extra["plan"]["undescribed_key"] = 1
        if not published.is_valid(extra) or complete.is_valid(extra):
            problems.append("an undescribed nested key: expected the published schema to accept it and the "
                            "completeness check to refuse it")

    rejected = 0
    for case, path, value in CASES:
        found = next(((n, p, d) for n, p, d in reports if has(d, path)), None)
        if found is None:
            problems.append(f"{case}: no bundled report has {path}")
            continue
        name, _, document = found
        doc = copy.deepcopy(document)
        set_at(doc, path, value)
        short = shortened(document)
        set_at(short, path, value)
        errors = list(published.iter_errors(short))
        pointer = "/" + "/".join(str(p) for p in path)
        if not errors:
            problems.append(f"{case} ({name}{pointer}): the schema accepts it")
        bad = work / "wrong.report.json"
        bad.write_text(json.dumps(doc))
        read = subprocess.run([drillsim, "export", str(bad), "--markdown", str(work / "wrong.md"), "--quiet"],
                              capture_output=True, text=True)
        if read.returncode != 3:
            problems.append(f"{case} ({name}{pointer}): drillsim's reader exited {read.returncode}, not 3")
        if errors and read.returncode == 3:
            rejected += 1

    for p in problems:
        print(p)
    print(f"{len(reports)} reports of {len(scenarios)} scenarios validated (schema versions "
          f"{sorted(versions)}); {rejected} of {len(CASES)} wrong nested fields rejected by both; "
          f"{len(problems)} problems")
    # A silent pass over too few reports, or none in schema version 2, would prove little.
    if len(reports) < 20 or versions != {1, 2}:
        print("too few reports, or not both schema versions")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
