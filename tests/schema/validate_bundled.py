#!/usr/bin/env python3
"""Every bundled scenario and plan validates against the JSON Schema that `drillsim schema` prints,
checked by an independent validator (python3-jsonschema, draft 2020-12). The reports those scenarios
produce are validated by validate_reports.py (the golden files are digests of reports, not reports).

usage: validate_bundled.py DRILLSIM REPO_ROOT
Exits 0 when every file validates, 1 otherwise (each error printed with the file and the JSON pointer).
"""
import json
import pathlib
import subprocess
import sys

from jsonschema import Draft202012Validator


def schema(drillsim, name):
    text = subprocess.run([drillsim, "schema", name], check=True, capture_output=True, text=True).stdout
    document = json.loads(text)
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document)


def main():
    drillsim, root = sys.argv[1], pathlib.Path(sys.argv[2])
    validators = {name: schema(drillsim, name) for name in ("scenario", "plan")}
    files = []
    for path in sorted((root / "scenarios").rglob("*.json")):
        files.append(("plan" if path.name.startswith("plan") else "scenario", path))
    for path in sorted((root / "tests" / "data" / "good").glob("*.json")):
        files.append(("scenario", path))
    failures = 0
    counts = {}
    for kind, path in files:
        document = json.loads(path.read_text())
        errors = sorted(validators[kind].iter_errors(document), key=lambda e: list(e.absolute_path))
        counts[kind] = counts.get(kind, 0) + 1
        for error in errors[:5]:
            failures += 1
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            print(f"{path.relative_to(root)}:{pointer}: {error.message[:300]}")
    print(", ".join(f"{n} {k} files" for k, n in counts.items()), "checked;", failures, "errors")
    # A silent pass over no file would prove nothing.
    if counts.get("scenario", 0) < 10 or counts.get("plan", 0) < 3:
        print("too few files found")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
