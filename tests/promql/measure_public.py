#!/usr/bin/env python3
"""Measures drillsim against promtool on a directory of rule files and promtool unit-test files.

Every *.yml / *.yaml under DIR whose top level has `groups` is a rule file, one with `tests` a test
file (others are skipped). For a rule file: does `promtool check rules` accept it, does
`drillsim rules check` load it, and if not, what does drillsim name. For a test file: does
`drillsim rules test` pass and fail exactly the assertions `promtool test rules` passes and fails.
A MANIFEST.tsv in DIR (repository, commit, path in the repository, path under DIR) names each
file's origin in the table.

    measure_public.py --drillsim BUILD/sim/cli/drillsim [--promtool promtool] DIR
"""

import argparse
import collections
import os
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from agreement import parse_drillsim, parse_promtool  # noqa: E402


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def kind_of(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except Exception:  # noqa: BLE001 - a file PyYAML cannot read is still a candidate by name
        return None
    if isinstance(doc, dict) and "groups" in doc:
        return "rules"
    if isinstance(doc, dict) and "tests" in doc:
        return "tests"
    return None


def first_reason(output):
    for line in output.splitlines():
        for marker in ("cannot evaluate: ", "invalid: "):
            i = line.find(marker)
            if i >= 0:
                return line[i:].strip()
    lines = [l.strip() for l in output.splitlines() if l.strip()]
    return lines[-1] if lines else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--drillsim", required=True)
    ap.add_argument("--promtool", default="promtool")
    ap.add_argument("--reasons", action="store_true", help="print drillsim's reason for each file it refuses")
    ap.add_argument("dir")
    args = ap.parse_args()
    drillsim = os.path.abspath(args.drillsim)
    root = os.path.abspath(args.dir)

    origin = {}
    manifest = os.path.join(root, "MANIFEST.tsv")
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            for line in f:
                repo, commit, path, local = line.rstrip("\n").split("\t")
                origin[local] = (repo, commit, path)

    files = []
    for d, _, names in os.walk(root):
        for n in sorted(names):
            if n.endswith((".yml", ".yaml")) and n != "MANIFEST.tsv":
                p = os.path.join(d, n)
                k = kind_of(p)
                if k:
                    files.append((os.path.relpath(p, root), k))
    files.sort()

    per_repo = collections.defaultdict(lambda: collections.Counter())
    reasons = collections.Counter()
    print("| file | kind | promtool | drillsim |")
    print("|---|---|---|---|")
    for rel, kind in files:
        path = os.path.join(root, rel)
        cwd = os.path.dirname(path)
        name = os.path.basename(path)
        repo = origin.get(rel, ("?", "?", rel))[0]
        c = per_repo[repo]
        if kind == "rules":
            prc, _ = run([args.promtool, "check", "rules", name], cwd)
            drc, dout = run([drillsim, "rules", "check", name], cwd)
            c["rules"] += 1
            if prc == 0:
                c["rules_accepted"] += 1
                if drc == 0:
                    c["rules_loaded"] += 1
                else:
                    r = first_reason(dout)
                    reasons[r.split(":")[0] + ": " + r.split(": ")[-1][:70]] += 1
            p_text = "accepts" if prc == 0 else "rejects"
            d_text = "loads" if drc == 0 else "refuses: " + first_reason(dout)[:140]
        else:
            _, pout = run([args.promtool, "test", "rules", name], cwd)
            _, dout = run([drillsim, "rules", "test", name], cwd)
            p = parse_promtool(pout).get(name)
            d = parse_drillsim(dout).get(name)
            c["tests"] += 1
            if p is None or p["errors"]:
                p_text = "cannot run: " + ((p or {}).get("errors") or [pout.strip().splitlines()[-1:]])[0].__str__()[:80]
                d_text = "-"
            else:
                c["tests_runnable"] += 1
                n_failed = len(p["failed"])
                p_text = "runs, %d assertion(s) fail" % n_failed
                if d is None or d["errors"]:
                    d_text = "refuses: " + first_reason(dout)[:140]
                elif p["failed"] == d["failed"]:
                    c["tests_agree"] += 1
                    d_text = "agrees on all %d assertions" % (len(d["passed"]) + len(d["failed"]))
                else:
                    only_p = sorted(p["failed"] - d["failed"])
                    only_d = sorted(d["failed"] - p["failed"])
                    d_text = "disagrees: fail only in promtool %s, only in drillsim %s" % (
                        [x[1][:30] + "@%ss" % x[2] for x in only_p[:3]],
                        [x[1][:30] + "@%ss" % x[2] for x in only_d[:3]],
                    )
        print("| %s | %s | %s | %s |" % (rel, kind, p_text, d_text.replace("|", "\\|")))

    print()
    print("| repository @ commit | rule files (promtool accepts) | drillsim loads | test files (promtool runs) | drillsim agrees |")
    print("|---|---|---|---|---|")
    total = collections.Counter()
    commits = {o[0]: o[1] for o in origin.values()}
    for repo in sorted(per_repo):
        c = per_repo[repo]
        total.update(c)
        print("| %s @ %s | %d (%d) | %d | %d (%d) | %d |" % (
            repo, commits.get(repo, "?"), c["rules"], c["rules_accepted"], c["rules_loaded"], c["tests"],
            c["tests_runnable"], c["tests_agree"]))
    pct = lambda a, b: 100.0 * a / b if b else 0.0  # noqa: E731
    print("| all | %d (%d) | %d (%.1f %%) | %d (%d) | %d (%.1f %%) |" % (
        total["rules"], total["rules_accepted"], total["rules_loaded"],
        pct(total["rules_loaded"], total["rules_accepted"]), total["tests"], total["tests_runnable"],
        total["tests_agree"], pct(total["tests_agree"], total["tests_runnable"])))
    if args.reasons:
        print()
        for r, n in reasons.most_common():
            print("%4d  %s" % (n, r))


if __name__ == "__main__":
    main()
