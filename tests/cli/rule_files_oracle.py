#!/usr/bin/env python3
"""Promtool as the oracle of a drill's rule files (docs/detection.md, "Rule files in a scenario").

Runs the drill with --export-series and --openmetrics, then checks:
  1. `promtool test rules` passes the exported file: at every evaluation tick, each alert name's firing
     alerts (labels and annotations) are what promtool computes on the same samples;
  2. each alert's first firing tick in that file is the `fired_s` of its signal in the drill's report,
     and at least --min-firing alerts fire;
  3. the assertions bite: with an alert's first firing removed from the file, promtool fails it;
  4. drillsim's own `rules test` passes the file too;
  5. `promtool tsdb create-blocks-from openmetrics` loads the OpenMetrics file with every sample;
  6. with --notifications (and --page), the incident's Alertmanager notifications (and its page) are at
     the instants given, derived by hand from the alerts' firing and the scenario's route tree.

An annotation that prints the raw value of a sum over three or more series cannot be compared exactly:
`promtool test rules` loads a test's series in an order that is not fixed, so its sum's last digit can
change between two runs on the same file. The bundled rule files humanize such values.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--drillsim", required=True)
    ap.add_argument("--promtool", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--min-firing", type=int, default=1)
    ap.add_argument("--notifications", help="comma-separated instants (s) of the incident's notifications")
    ap.add_argument("--page", type=float, help="the incident's page instant (s)")
    ap.add_argument("--min-resets", type=int, default=0,
                    help="at least this many counter resets in the per-pod request series")
    a = ap.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    report = os.path.join(a.workdir, "report.json")
    test = os.path.join(a.workdir, "series_test.yml")
    om = os.path.join(a.workdir, "series.om")
    r = run([a.drillsim, "run", a.scenario, "--quiet", "-o", report, "--export-series", test, "--openmetrics", om])
    if r.returncode not in (0, 1):
        fail("drillsim run exited %d: %s" % (r.returncode, r.stderr))

    r = run([a.promtool, "test", "rules", test])
    if r.returncode != 0:
        fail("promtool disagrees with the drill:\n" + r.stdout + r.stderr)

    text = open(test).read()
    blocks = re.findall(r"      - eval_time: (\d+)ms\n        alertname: '([^']*)'\n        exp_alerts:( \[\])?", text)
    if not blocks:
        fail("no alert assertion in the exported file")
    first = {}
    for t, name, empty in blocks:
        if not empty and name not in first:
            first[name] = int(t) / 1000.0
    signals = {s["name"]: s["fired_s"] for s in json.load(open(report))["signals"] if s["kind"] == "rule_file_alert"}
    names = {name for _, name, _ in blocks}
    if set(signals) != names:
        fail("alert names: report %s, export %s" % (sorted(signals), sorted(names)))
    for name in sorted(names):
        if signals[name] != first.get(name):
            fail("%s: the drill fired it at %s, its first firing tick is %s" % (name, signals[name], first.get(name)))
        print("%-28s fires at %s s in the drill and in promtool" % (name, first.get(name, "never")))
    if len(first) < a.min_firing:
        fail("only %d alerts fire, expected at least %d" % (len(first), a.min_firing))

    for name, t in sorted(first.items()):
        pattern = re.compile(r"(      - eval_time: %dms\n        alertname: '%s'\n        exp_alerts:)\n(          .*\n)+"
                             % (int(t * 1000), re.escape(name)))
        mutated, n = pattern.subn(r"\1 []\n", text, count=1)
        if n != 1:
            fail("could not find the first firing assertion of " + name)
        path = os.path.join(a.workdir, "mutated_test.yml")
        open(path, "w").write(mutated)
        r = run([a.promtool, "test", "rules", path])
        if r.returncode == 0:
            fail("promtool passes a file without %s's firing at %s s: the assertions do not bite" % (name, t))

    r = run([a.drillsim, "rules", "test", test])
    if r.returncode != 0:
        fail("drillsim rules test fails the exported file:\n" + r.stdout[-2000:])

    # Pending ticks: at every evaluation, the alerts pending in the drill's report are promtool's
    # ALERTS{alertstate="pending"} (an expression test per tick), in promtool and in `drillsim rules test`.
    ticks = sorted({int(t) for t, _, _ in blocks})
    alerts = [(s["name"], alert) for s in json.load(open(report))["signals"] if s["kind"] == "rule_file_alert"
              for alert in s["alerts"]]
    expr_tests = ["    promql_expr_test:\n"]
    pending_assertions = 0
    for t in ticks:
        samples = []
        for name, alert in alerts:
            state = None
            for change in alert["states"]:
                if change["t_s"] * 1000 <= t:
                    state = change["state"]
            if state == "pending":
                labels = dict(alert["labels"], alertname=name, alertstate="pending")
                selector = "ALERTS{" + ", ".join("%s=%s" % (k, json.dumps(labels[k])) for k in sorted(labels)) + "}"
                samples.append("          - labels: '%s'\n            value: 1\n" % selector.replace("'", "''"))
        pending_assertions += len(samples)
        expr_tests.append("      - expr: 'ALERTS{alertstate=\"pending\"}'\n        eval_time: %dms\n        exp_samples:%s"
                          % (t, "\n" + "".join(samples) if samples else " []\n"))
    pending_test = os.path.join(a.workdir, "series_pending_test.yml")
    open(pending_test, "w").write(text + "".join(expr_tests))
    for tool in ([a.promtool, "test", "rules"], [a.drillsim, "rules", "test"]):
        r = run(tool + [pending_test])
        if r.returncode != 0:
            fail("%s disagrees with the drill's pending alerts:\n%s" % (tool[0], (r.stdout + r.stderr)[-3000:]))
    if pending_assertions:  # They bite: without the first pending alert, promtool fails.
        first_pending = re.compile(r"(          - labels: '[^']*'\n            value: 1\n)")
        open(pending_test, "w").write(text + first_pending.sub("", "".join(expr_tests), count=1))
        if run([a.promtool, "test", "rules", pending_test]).returncode == 0:
            fail("promtool passes a file without the first pending alert: the assertions do not bite")
    print("pending: %d ticks, %d pending alerts, as promtool says" % (len(ticks), pending_assertions))

    # Counter resets: the per-pod request counters of the export go down where a container restarted.
    resets = 0
    for labels, values in re.findall(r"      - series: '([^']*)'\n        values: '([^']*)'", text):
        if not re.match(r"(http_requests_total|http_request_duration_seconds_count)\{.*pod=", labels):
            continue
        previous = None
        for token in values.split():
            value, _, repeat = token.partition("x")
            if value in ("_", "stale"):
                continue
            v = float(value)
            if previous is not None and v < previous:
                resets += 1
            previous = v
    print("counter resets in the per-pod request series: %d" % resets)
    if resets < a.min_resets:
        fail("%d counter resets in the per-pod request series, expected at least %d" % (resets, a.min_resets))

    blocks_dir = os.path.join(a.workdir, "blocks")
    r = run([a.promtool, "tsdb", "create-blocks-from", "openmetrics", om, blocks_dir])
    if r.returncode != 0:
        fail("promtool cannot load the OpenMetrics file:\n" + r.stdout + r.stderr)
    samples = sum(1 for line in open(om) if line.strip() and not line.startswith("#"))
    loaded = 0
    for line in r.stdout.splitlines():
        cols = line.split()
        if len(cols) >= 8 and cols[0] != "BLOCK":
            loaded += int(cols[-4])
    if loaded != samples:
        fail("promtool loaded %d samples of the %d written:\n%s" % (loaded, samples, r.stdout))
    print("OpenMetrics: %d samples loaded by promtool" % loaded)

    incident = json.load(open(report))["incidents"][0]
    if a.notifications is not None:
        want = [float(x) for x in a.notifications.split(",")]
        if incident["notifications_s"] != want:
            fail("notifications at %s, expected %s" % (incident["notifications_s"], want))
        print("notifications at %s s" % want)
    if a.page is not None:
        if incident["instants"]["page"] != a.page:
            fail("page at %s, expected %s" % (incident["instants"]["page"], a.page))
        print("page at %s s" % a.page)
    print("PASS")


if __name__ == "__main__":
    main()
