#!/usr/bin/env python3
"""Validates `drillsim export --junit` against junit.xsd (the Ant-style JUnit layout Jenkins and GitLab
read) for bundled drills, and checks what CI shows: a drill whose runbook misses its RTO has a failing
test case saying by how much; one that meets every objective has none.

  junit_validate.py --drillsim EXE --xsd junit.xsd --workdir DIR --met SCENARIO --missed SCENARIO

Exit 0 all good, 1 a check failed, 77 python3-lxml is missing (ctest reports the test as skipped).
"""
import argparse
import subprocess
import sys
from pathlib import Path

try:
    from lxml import etree
except ImportError:
    print("SKIPPED: python3-lxml is not installed (./dev.sh installs it); the JUnit export was not validated")
    sys.exit(77)


def export_junit(drillsim, scenario, workdir):
    name = Path(scenario).parent.name if Path(scenario).name == "scenario.json" else Path(scenario).stem
    report = workdir / f"{name}.json"
    xml = workdir / f"{name}.junit.xml"
    run = subprocess.run([drillsim, "run", scenario, "--quiet", "--out", str(report)], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"drillsim run {scenario} exited {run.returncode}: {run.stderr}")
    export = subprocess.run([drillsim, "export", str(report), "--junit", str(xml), "--quiet"],
                            capture_output=True, text=True)
    if export.returncode != 0:
        sys.exit(f"drillsim export exited {export.returncode}: {export.stderr}")
    return run.returncode, etree.parse(str(xml))


def check_counts(doc, problems, label):
    for suite in doc.getroot().iter("testsuite"):
        cases = suite.findall("testcase")
        failures = [c for c in cases if c.find("failure") is not None]
        skipped = [c for c in cases if c.find("skipped") is not None]
        for attribute, want in (("tests", len(cases)), ("failures", len(failures)), ("skipped", len(skipped))):
            if int(suite.get(attribute)) != want:
                problems.append(f"{label}: testsuite {attribute}={suite.get(attribute)}, but {want} such cases")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--drillsim", required=True)
    parser.add_argument("--xsd", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--met", required=True, help="a scenario whose drill meets every objective")
    parser.add_argument("--missed", required=True, help="a scenario whose drill misses an RTO")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    schema = etree.XMLSchema(etree.parse(args.xsd))
    problems = []

    # The schema must reject what it is meant to: a count that is not a number, a case with no name.
    for bad in ('<testsuites><testsuite name="s" tests="x" failures="0" errors="0"/></testsuites>',
                '<testsuites><testsuite name="s" tests="1" failures="0" errors="0">'
                '<testcase classname="c"/></testsuite></testsuites>'):
        if schema.validate(etree.fromstring(bad)):
            problems.append(f"the schema accepts an invalid document: {bad}")

    for label, scenario, want_exit in (("met", args.met, 0), ("missed", args.missed, 1)):
        code, doc = export_junit(args.drillsim, scenario, workdir)
        if code != want_exit:
            problems.append(f"{label}: drillsim run {scenario} exited {code}, expected {want_exit}")
        if not schema.validate(doc):
            problems.append(f"{label}: not valid JUnit XML: {schema.error_log}")
        check_counts(doc, problems, label)
        failed_rto = [c for c in doc.getroot().iter("testcase")
                      if c.get("name").endswith(" RTO") and c.find("failure") is not None]
        if label == "met" and failed_rto:
            problems.append(f"met: a failing RTO case in a drill that met every objective")
        if label == "missed":
            if not failed_rto:
                problems.append("missed: no failing RTO test case for a drill that missed its RTO")
            for case in failed_rto:
                message = case.find("failure").get("message")
                if " over the RTO of " not in message and "not restored" not in message:
                    problems.append(f"missed: the failure does not say by how much: {message!r}")
                print(f"{case.get('name')}: {message}")
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
