#!/usr/bin/env python3
"""Checks that the README shows today's default drill: its console block and its Markdown excerpt.

Runs scenarios/default.json from the project's directory as the README does, then
  1. the README's console block (from 'drillsim: scenario "default"' to the line before 'Report written')
     must be the command's output line for line (trailing spaces aside: the README's code block drops
     them);
  2. every table row of the README's excerpt of the summary (after 'An excerpt of the default drill's
     summary', up to the next heading) must be a line of the summary `drillsim export --markdown` writes
     for that report, and the excerpt must hold the instants' and the objectives' tables;
  3. the images the README shows must exist.
Exits 1 on a failed check, saying which line.
"""
import argparse
import os
import re
import subprocess
import sys


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    with open(os.path.join(ARGS.source_dir, "README.md"), encoding="utf-8") as f:
        readme = f.read().splitlines()
    os.makedirs(ARGS.workdir, exist_ok=True)
    report = os.path.join(ARGS.workdir, "default.json")
    summary = os.path.join(ARGS.workdir, "default.summary.md")
    run = subprocess.run([ARGS.drillsim, "run", "scenarios/default.json", "--out", report], cwd=ARGS.source_dir,
                         capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"drillsim run exited {run.returncode}: {run.stderr}")

    # 1. The console block.
    starts = [i for i, line in enumerate(readme) if line.startswith('drillsim: scenario "default"')]
    if len(starts) != 1:
        fail(f"the README has {len(starts)} console blocks of the default drill, expected 1")
    block = []
    for line in readme[starts[0]:]:
        if line.startswith("Report written") or line.startswith("```"):
            break
        block.append(line.rstrip())
    printed = [line.rstrip() for line in run.stdout.splitlines()]
    printed = printed[:next((i for i, l in enumerate(printed) if l.startswith("Report written")), len(printed))]
    if block != printed:
        for i, (want, got) in enumerate(zip(block + [""] * len(printed), printed + [""] * len(block))):
            if want != got:
                fail(f"README console block, line {i + 1}:\n  README: {want!r}\n  drill:  {got!r}")

    # 2. The Markdown excerpt.
    export = subprocess.run([ARGS.drillsim, "export", report, "--markdown", summary, "--quiet"], capture_output=True,
                            text=True)
    if export.returncode != 0:
        fail(f"drillsim export exited {export.returncode}: {export.stderr}")
    with open(summary, encoding="utf-8") as f:
        written = set(f.read().splitlines())
    start = next((i for i, line in enumerate(readme) if line.startswith("An excerpt of the default drill's summary")),
                 None)
    if start is None:
        fail("the README has no excerpt of the default drill's summary")
    rows = []
    for line in readme[start + 1:]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append(line)
    for row in rows:
        if row not in written:
            fail(f"the README's summary excerpt has a row the summary does not: {row!r}")
    for header in ("| Instant |", "| Service | Objective |"):
        if not any(row.startswith(header) for row in rows):
            fail(f"the README's summary excerpt has no table starting {header!r}")

    # 3. The images.
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", "\n".join(readme))
    for image in images:
        if not os.path.isfile(os.path.join(ARGS.source_dir, image)):
            fail(f"the README shows {image}, which does not exist")
    print(f"README: console block of {len(block)} lines, {len(rows)} summary rows, {len(images)} images: current")
    print("PASS")


parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--drillsim", required=True)
parser.add_argument("--source-dir", required=True)
parser.add_argument("--workdir", required=True)
ARGS = parser.parse_args()
main()
