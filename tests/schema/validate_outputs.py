#!/usr/bin/env python3
"""The other Monte Carlo outputs of small real studies validate against the JSON Schemas `drillsim schema
comparison|assessment|capacity` prints (checked by python3-jsonschema, draft 2020-12), also with every
object closed (so a key the writer adds without describing it fails); the viewer's test files (written by
drillsim earlier) validate against the published schemas; and a wrong type or value in a nested field is
refused by the schema.

The studies are chosen so that the values that may be null are null in one of them and not in another:
a comparison ranked by a service and one ranked overall; a capacity search that finds the fewest replicas
and one capped below them (no fewest, no headroom); an assessment whose type has a target and one whose
type has none (MissingPolicy: no proportions), with a type left over (not_applicable).

usage: validate_outputs.py DRILLSIM REPO_ROOT WORKDIR
"""
import copy
import json
import pathlib
import subprocess
import sys


from validate_reports import at, set_at, validators

DATA = "tests/data/montecarlo"


# (output, path, wrong value): nested fields of the studies' outputs.
CASES = [
    ("compare-by-api.json", ["candidates", 0, "delta_p_rto_met", "interval"], [0.1], "an interval of one"),
    ("compare-by-api.json", ["candidates", 0, "delta_p_rto_met", "estimate"], 1.5, "a change above 1"),
    ("compare-by-api.json", ["candidates", 0, "services", 1, "rto_runs_gained"], -1, "a negative count"),
    ("compare-by-api.json", ["candidates", 0, "rank"], 0, "rank 0"),
    ("compare-by-api.json", ["ranked_by", "objective"], "both", "an objective not rto or rpo"),
    ("compare-by-api.json", ["baseline", "services", 0, "p_rpo_met"], "1", "a proportion as a string"),
    ("compare-overall.json", ["bootstrap", "resamples"], 2000.5, "fractional resamples"),
    ("capacity.json", ["services", 0, "probes", 0, "passed"], "yes", "a verdict as a string"),
    ("capacity.json", ["services", 0, "fewest_replicas"], 4.5, "fractional replicas"),
    ("capacity.json", ["services", 0, "probes"], [], "no probe"),
    ("capacity.json", ["judged", "to_s"], None, "a null end"),
    ("capacity-capped.json", ["services", 0, "utilisation_over_drill", "all"], -0.1, "a negative utilisation"),
    ("assess.json", ["results", 0, "complianceStatus"], "Met", "an unknown status"),
    ("assess.json", ["results", 0, "rto", "met", "wilson", 0], 1.2, "a probability above 1"),
    ("assess.json", ["results", 0, "disruptionType"], "software", "a type in the wrong case"),
    ("assess.json", ["scenarios", 0, "runs"], "20", "runs as a string"),
    ("assess.json", ["policy", "policy", "Software", "rtoInSecs"], -1, "a negative target"),
    ("assess-missing.json", ["not_applicable", 0], "Zone", "an unknown type"),
]


def main():
    drillsim, root, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    schemas = {name: validators(drillsim, name) for name in ("comparison", "assessment", "capacity")}
    software = work / "software.policy.json"
    software.write_text(json.dumps({"policyName": "p", "tier": "Critical", "policy": {
        "Software": {"rtoInSecs": 300, "rpoInSecs": 0}, "Region": {"rtoInSecs": 3600, "rpoInSecs": 60}}}))
    hardware = work / "hardware.policy.json"
    hardware.write_text(json.dumps({"policy": {"Hardware": {"rtoInSecs": 600, "rpoInSecs": 0}}}))
    two = str(root / DATA / "two-services.json")
    ack = str(root / DATA / "exponential-ack.json")
    mm1 = str(root / DATA / "capacity-mm1.json")
    common = ["--jobs", "1", "--quiet"]
    # (output, its schema, the command, the exit codes it may end with)
    studies = [
        ("compare-by-api.json", "comparison",
         ["run", two, "--runs", "20", "--candidate", "slow:/plan/steps/0/duration=200",
          "--candidate", "same:/plan/steps/0/duration=10", "--rank-by", "api"], (0, 1)),
        ("compare-overall.json", "comparison",
         ["run", ack, "--runs", "20", "--candidate", "faster:/responder/ack/mean_s=100"], (0, 1)),
        ("capacity.json", "capacity", ["capacity", mm1, "--runs", "1"], (0, 1)),
        ("capacity-capped.json", "capacity", ["capacity", mm1, "--runs", "1", "--max-replicas", "3"], (1,)),
        ("assess.json", "assessment", ["assess", str(software), ack, "--runs", "20"], (0, 1)),
        ("assess-missing.json", "assessment", ["assess", str(hardware), ack, "--runs", "5"], (0, 1)),
    ]
    problems = []
    documents = {}
    for name, kind, command, codes in studies:
        out = work / name
        run = subprocess.run([drillsim] + command + common + ["--out", str(out)], capture_output=True, text=True)
        if run.returncode not in codes:
            problems.append(f"{name}: drillsim exited {run.returncode}: {run.stderr.strip()[:300]}")
            continue
        document = json.loads(out.read_text())
        documents[name] = document
        published, complete = schemas[kind]
        for label, validator in (("schema", published), ("completeness", complete)):
            for error in list(validator.iter_errors(document))[:5]:
                pointer = "/" + "/".join(str(p) for p in error.absolute_path)
                problems.append(f"{name} ({label}): {pointer}: {error.message[:300]}")

    # What the studies must have shown for the check to mean something.
    def expect(name, path, test, what):
        if name in documents:
            try:
                ok = test(at(documents[name], path))
            except (KeyError, IndexError, TypeError):
                ok = False
            if not ok:
                problems.append(f"{name}: expected {what} at /{'/'.join(str(p) for p in path)}")
    expect("compare-by-api.json", ["ranked_by", "service"], lambda v: v == "api", "ranked by api")
    expect("compare-by-api.json", ["candidates", 0, "services"], lambda v: len(v) == 2, "two services")
    expect("compare-overall.json", ["ranked_by", "service"], lambda v: v is None, "null (ranked overall)")
    expect("capacity.json", ["services", 0, "fewest_replicas"], lambda v: isinstance(v, int), "a count")
    expect("capacity-capped.json", ["services", 0, "fewest_replicas"], lambda v: v is None, "null")
    expect("capacity-capped.json", ["services", 0, "headroom_replicas"], lambda v: v is None, "null")
    expect("assess.json", ["results", 0, "rto", "met"], lambda v: isinstance(v, dict), "a proportion")
    expect("assess.json", ["not_applicable"], lambda v: v == ["Region"], "[\"Region\"]")
    expect("assess-missing.json", ["results", 0, "complianceStatus"], lambda v: v == "MissingPolicy",
           "MissingPolicy")
    expect("assess-missing.json", ["results", 0, "both_met"], lambda v: v is None, "null")

    # The viewer's test files, written by drillsim (some by an older one): the published schemas only, since
    # a policy keeps keys of its own and the comparison predates ranked_by.
    gui = root / "tests/gui/data"
    samples = [("default.comparison.json", "comparison"), ("policy.assessment.json", "assessment"),
               ("capacity-mix.capacity.json", "capacity")]
    for name, kind in samples:
        document = json.loads((gui / name).read_text())
        for error in list(schemas[kind][0].iter_errors(document))[:5]:
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            problems.append(f"tests/gui/data/{name}: {pointer}: {error.message[:300]}")

    rejected = 0
    for name, path, value, case in CASES:
        if name not in documents:
            continue
        base = documents[name]
        try:
            at(base, path)
        except (KeyError, IndexError, TypeError):
            problems.append(f"{case}: {name} has no {path}")
            continue
        doc = copy.deepcopy(base)
        set_at(doc, path, value)
        kind = next(k for n, k, _, _ in studies if n == name)
        if schemas[kind][0].is_valid(doc):
            problems.append(f"{case} ({name} /{'/'.join(str(p) for p in path)}): the schema accepts it")
        else:
            rejected += 1

    for p in problems:
        print(p)
    print(f"{len(documents)} of {len(studies)} outputs and {len(samples)} test files validated; {rejected} of "
          f"{len(CASES)} wrong nested fields rejected; {len(problems)} problems")
    return 1 if problems or len(documents) != len(studies) else 0


if __name__ == "__main__":
    sys.exit(main())
