#!/usr/bin/env python3
"""Agreement of `drillsim rules test` with `promtool test rules` (Prometheus 2.42).

Generates COUNT (rule file, input series) pairs from a seed, each as a promtool unit-test file that
asserts the firing alerts of every alerting rule and the ALERTS series (pending and firing) at
every evaluation tick. The expectations come from promtool itself (a first run with empty
expectations, whose "got" is read back); about a quarter of them are then altered so that some
assertions fail. Finally promtool and drillsim run every file, and the set of assertions each
passes must be the same: a difference in any alert's pending, firing or resolved tick shows as
an assertion one tool passes and the other fails.

Usage: agreement.py --drillsim EXE [--promtool promtool] [--count 200] [--seed 1] --workdir DIR
       agreement.py --drillsim EXE --files FILE...   (compare on existing test files only)
Exit status 0 when both tools agree on every assertion of every file.
"""
import argparse
import os
import random
import re
import subprocess
import sys

# ---------------------------------------------------------------------------------------------
# Case generation

INSTANCES = ["i1", "i2", "i3"]


def fmt_duration(seconds):
    if seconds == 0:
        return "0s"
    out = ""
    for unit, size in (("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            out += "%d%s" % (seconds // size, unit)
            seconds %= size
    return out


class Case:
    def __init__(self, rng, index):
        self.rng = rng
        self.index = index
        self.scrape = rng.choice([15, 30, 60])
        self.evaluation = rng.choice([15, 30, 60, 60, 120])
        self.ticks = rng.randint(14, 24)
        self.horizon = self.ticks * self.evaluation  # seconds
        self.points = self.horizon // self.scrape + 2
        self.series = []  # (series text, values text)
        self.rules = []   # dicts for the rule file
        self.alert_names = []
        self.group_interval = rng.choice([None, None, self.evaluation])
        self.make_series()
        self.make_rules()

    # Each counter runs in segments of constant increase per scrape, with occasional resets,
    # gaps (`_`), staleness markers and an early end (the series disappears).
    def counter_values(self, rates):
        rng = self.rng
        values = []
        v = rng.choice([0, 0, 5, 100])
        while len(values) < self.points:
            seg = rng.randint(3, 10)
            inc = rng.choice(rates)
            for _ in range(seg):
                values.append(v)
                v += inc
            if rng.random() < 0.15:
                v = rng.choice([0, 1])  # counter reset
        values = values[: self.points]
        return self.decorate([str(x) for x in values])

    def gauge_values(self, choices):
        rng = self.rng
        values = []
        v = rng.choice(choices)
        for _ in range(self.points):
            if rng.random() < 0.3:
                v = rng.choice(choices)
            values.append(str(v))
        return self.decorate(values)

    def decorate(self, values):
        rng = self.rng
        values = list(values)
        if rng.random() < 0.25:  # a gap
            at = rng.randrange(1, len(values))
            for k in range(at, min(len(values), at + rng.randint(1, 6))):
                values[k] = "_"
        if rng.random() < 0.2:  # a staleness marker (the target went away for a scrape)
            values[rng.randrange(1, len(values))] = "stale"
        if rng.random() < 0.15:  # the series disappears
            values = values[: rng.randrange(len(values) // 3, len(values))]
        return " ".join(values)

    def make_series(self):
        rng = self.rng
        per_scrape = [0, 0, 1, 2, 3, 6, 10, 30, 60]
        for inst in INSTANCES:
            for code in ("200", "500"):
                rates = per_scrape if code == "500" else [30, 60, 90, 120]
                self.series.append(('http_requests_total{job="api", instance="%s", code="%s"}' % (inst, code),
                                    self.counter_values(rates)))
            self.series.append(('queue_depth{job="api", instance="%s"}' % inst,
                                self.gauge_values([0, 1, 2, 2.5, 4, 8, 10, 12.5, 20])))
            if rng.random() < 0.8:
                self.series.append(('up{job="api", instance="%s"}' % inst, self.gauge_values([1, 1, 1, 0])))
        inst = rng.choice(INSTANCES)
        cumulative = [0.0, 0.0, 0.0, 0.0]
        rows = [[] for _ in range(4)]
        for _ in range(self.points):
            obs = [rng.choice([0, 1, 2, 5]), rng.choice([0, 1, 3]), rng.choice([0, 1]), rng.choice([0, 1])]
            run = 0
            for b in range(4):
                run += obs[b]
                cumulative[b] += run
                rows[b].append(str(int(cumulative[b])))
        for b, le in enumerate(["0.1", "0.5", "1", "+Inf"]):
            self.series.append(('req_duration_seconds_bucket{job="api", instance="%s", le="%s"}' % (inst, le),
                                " ".join(rows[b])))

    def window(self):
        return self.rng.choice(["1m", "2m", "3m", "5m", "90s", "10m"])

    def threshold(self, choices):
        return self.rng.choice(choices)

    def expression(self):
        rng = self.rng
        w = self.window()
        sel500 = 'http_requests_total{code="500"}'
        kinds = [
            lambda: "rate(%s[%s]) > %s" % (sel500, w, self.threshold([0, 0.01, 0.05, 0.1, 0.5, 1])),
            lambda: "sum by (instance) (rate(%s[%s])) / sum by (instance) (rate(http_requests_total[%s])) > %s"
            % (sel500, w, w, self.threshold([0.01, 0.05, 0.1, 0.2])),
            lambda: "rate(%s[%s]) / ignoring(code) rate(http_requests_total{code=\"200\"}[%s]) >= %s"
            % (sel500, w, w, self.threshold([0.05, 0.1, 0.5])),
            lambda: "increase(%s[%s]) >= %s" % (sel500, w, self.threshold([1, 5, 10, 60])),
            lambda: "irate(http_requests_total[%s]) > %s" % (w, self.threshold([0.5, 1, 2])),
            lambda: "delta(queue_depth[%s]) %s %s" % (w, rng.choice([">", "<", ">=", "<="]), self.threshold([-4, 0, 2, 5])),
            lambda: "idelta(queue_depth[%s]) != 0" % w,
            lambda: "%s(queue_depth[%s]) > %s" % (rng.choice(["avg_over_time", "max_over_time", "min_over_time",
                                                               "sum_over_time", "count_over_time", "last_over_time"]),
                                                   w, self.threshold([1, 2.5, 4, 8, 10])),
            lambda: "quantile_over_time(0.9, queue_depth[%s]) >= %s" % (w, self.threshold([2, 8, 10])),
            lambda: "up == 0",
            lambda: "up{job=\"api\"} != 1",
            lambda: "absent(up{job=\"api\", instance=\"%s\"})" % rng.choice(INSTANCES),
            lambda: "absent_over_time(queue_depth{instance=\"%s\"}[%s])" % (rng.choice(INSTANCES), w),
            lambda: "sum by (job) (up) < %d" % rng.choice([2, 3]),
            lambda: "count(up == 1) < %d" % rng.choice([2, 3]),
            lambda: "%s without (instance) (queue_depth) > %s" % (rng.choice(["max", "min", "sum", "avg", "count"]),
                                                                 self.threshold([2, 5, 10, 20])),
            lambda: "count_values(\"depth\", queue_depth) >= 2",
            lambda: "group by (job) (up == 0)",
            lambda: "histogram_quantile(%s, sum by (le) (rate(req_duration_seconds_bucket[%s]))) > %s"
            % (rng.choice(["0.5", "0.9", "0.99"]), w, self.threshold([0.1, 0.3, 0.5, 0.9])),
            lambda: "histogram_quantile(0.9, rate(req_duration_seconds_bucket[%s])) > %s" % (w, self.threshold([0.2, 0.5])),
            lambda: "queue_depth > on(instance) group_left(job) (up * 5)",
            lambda: "(up * 10) < on(instance) group_right queue_depth",
            lambda: "changes(queue_depth[%s]) > %d" % (w, rng.choice([0, 1, 2])),
            lambda: "resets(http_requests_total[%s]) > 0" % w,
            lambda: "predict_linear(queue_depth[%s], 600) > %s" % (w, self.threshold([10, 20, 50])),
            lambda: "clamp_max(queue_depth, %s) >= %s" % ((lambda c: (c, c))(rng.choice([4, 8]))),
            lambda: "clamp_min(queue_depth, 3) > 3",
            lambda: "round(queue_depth) > %s" % self.threshold([2, 3]),
            lambda: "floor(queue_depth / 3) >= 2",
            lambda: "vector(scalar(sum(up))) < %d" % rng.choice([2, 3]),
            lambda: "label_replace(up, \"host\", \"$1\", \"instance\", \"i(.*)\") == 0",
            lambda: "label_join(up, \"where\", \"/\", \"job\", \"instance\") == 0",
            lambda: "queue_depth offset %s > %s" % (rng.choice(["1m", "2m", "5m"]), self.threshold([4, 10])),
            lambda: "(rate(%s[%s]) > %s) and on(instance) (up == 1)" % (sel500, w, self.threshold([0.05, 0.5])),
            lambda: "(queue_depth > %s) %s (up == 0)" % (self.threshold([4, 8]), rng.choice(["or", "OR", "unless", "AND", "and"])),
            lambda: "(queue_depth > bool %s) == 1" % self.threshold([2, 8]),
            lambda: "queue_depth %% 3 == 1",
            lambda: "-queue_depth < -%s" % self.threshold([4, 8]),
            lambda: "time() - 300 > %d" % rng.choice([0, 300, 600]),
            lambda: "{__name__=~\"queue_depth|up\", instance=\"%s\"} > 1" % rng.choice(INSTANCES),
            lambda: "queue_depth{instance=~\"i[12]\"} >= %s" % self.threshold([4, 8]),
            lambda: "queue_depth{instance!~\"i1\"} >= %s" % self.threshold([4, 8]),
            lambda: "stddev_over_time(queue_depth[%s]) > %s" % (w, self.threshold([1, 3])),
            lambda: "stddev by (job) (queue_depth) > %s" % self.threshold([1, 3]),
            lambda: "deriv(queue_depth[%s]) > 0" % w,
        ]
        return rng.choice(kinds)()

    def make_rules(self):
        rng = self.rng
        n_alerts = rng.choice([1, 1, 2])
        if rng.random() < 0.25:
            w = self.window()
            self.rules.append({"record": "instance:errors:rate",
                               "expr": "sum by (instance) (rate(http_requests_total{code=\"500\"}[%s]))" % w})
            self.rules.append({"alert": "RecordedErrors%d" % self.index,
                               "expr": "instance:errors:rate > %s" % self.threshold([0.05, 0.5, 1]),
                               "for": self.for_duration(), "keep_firing_for": self.keep_firing(),
                               "labels": {"severity": "page"}})
            self.alert_names.append("RecordedErrors%d" % self.index)
            n_alerts = 1
        for k in range(n_alerts):
            name = "Alert%d_%d" % (self.index, k)
            rule = {"alert": name, "expr": self.expression(), "for": self.for_duration(),
                    "keep_firing_for": self.keep_firing(), "labels": {"severity": rng.choice(["page", "ticket"])}}
            if rng.random() < 0.5:
                rule["annotations"] = {"summary": "trouble on {{ $labels.instance }}"}
            self.rules.append(rule)
            self.alert_names.append(name)

    def for_duration(self):
        return self.rng.choice([0, 0, self.evaluation, 2 * self.evaluation, 90, 300])

    def keep_firing(self):
        return self.rng.choice([0, 0, 0, self.evaluation, 180])

    def rule_file(self):
        for r in self.rules:
            check_annotations(r)
        lines = ["groups:", "  - name: generated%d" % self.index]
        if self.group_interval:
            lines.append("    interval: %s" % fmt_duration(self.group_interval))
        lines.append("    rules:")
        for r in self.rules:
            if "record" in r:
                lines.append("      - record: %s" % r["record"])
            else:
                lines.append("      - alert: %s" % r["alert"])
            lines.append("        expr: %s" % yaml_quote(r["expr"]))
            if r.get("for"):
                lines.append("        for: %s" % fmt_duration(r["for"]))
            if r.get("keep_firing_for"):
                lines.append("        keep_firing_for: %s" % fmt_duration(r["keep_firing_for"]))
            if r.get("labels"):
                lines.append("        labels:")
                for k, v in r["labels"].items():
                    lines.append("          %s: %s" % (k, yaml_quote(v)))
            if r.get("annotations"):
                lines.append("        annotations:")
                for k, v in r["annotations"].items():
                    lines.append("          %s: %s" % (k, yaml_quote(v)))
        return "\n".join(lines) + "\n"

    def eval_times(self):
        times = [k * self.evaluation for k in range(self.ticks + 1)]
        if self.evaluation >= 30:  # an eval_time between two ticks is checked after the earlier one
            times.append(self.evaluation * 3 + self.evaluation // 2)
        return times


# promtool 2.42 loads a test file's input series from a Go map, so a sum over three or more series
# adds them in an order that changes from run to run, and the last digit of the result with it. An
# annotation printing such a value raw ({{ $value }}, {{ .Value }}, printf "%v") would then flake in
# promtool against itself: the generator asserts alert timing and labels only, and an annotation may
# print $value only through humanize (four significant digits).
RAW_VALUE = re.compile(r"\{\{[^}]*(\$value|\.Value)(?![^}]*\|\s*humanize)[^}]*\}\}")


def check_annotations(rule):
    for key, text in (rule.get("annotations") or {}).items():
        if RAW_VALUE.search(text):
            raise ValueError("generated annotation %s of %s prints a raw $value: %r" % (key, rule.get("alert"), text))


def yaml_quote(s):
    return "'" + str(s).replace("'", "''") + "'"


def test_file(rule_file, case, alert_exp, expr_exp):
    """alert_exp[(name, t)] = list of (labels dict, annotations dict); expr_exp[t] = list of (labels text, value)."""
    lines = ["rule_files: [%s]" % rule_file, "evaluation_interval: %s" % fmt_duration(case.evaluation), "tests:",
             "  - interval: %s" % fmt_duration(case.scrape), "    input_series:"]
    for s, v in case.series:
        lines.append("      - series: %s" % yaml_quote(s))
        lines.append("        values: %s" % yaml_quote(v))
    lines.append("    alert_rule_test:")
    for t in case.eval_times():
        for name in case.alert_names:
            lines.append("      - eval_time: %s" % fmt_duration(t))
            lines.append("        alertname: %s" % name)
            alerts = alert_exp.get((name, t), [])
            if not alerts:
                lines.append("        exp_alerts: []")
                continue
            lines.append("        exp_alerts:")
            for labels, annotations in alerts:
                lines.append("          - exp_labels: {%s}" % ", ".join("%s: %s" % (k, yaml_quote(v)) for k, v in sorted(labels.items())))
                if annotations:
                    lines.append("            exp_annotations: {%s}" % ", ".join("%s: %s" % (k, yaml_quote(v)) for k, v in sorted(annotations.items())))
    lines.append("    promql_expr_test:")
    for t in case.eval_times():
        lines.append("      - expr: ALERTS")
        lines.append("        eval_time: %s" % fmt_duration(t))
        samples = expr_exp.get(t, [])
        if not samples:
            lines.append("        exp_samples: []")
            continue
        lines.append("        exp_samples:")
        for labels, value in samples:
            lines.append("          - labels: %s" % yaml_quote(labels))
            lines.append("            value: %s" % value)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Reading the two tools' output

LABELS_RE = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def parse_labels(text):
    return {k: v.encode().decode("unicode_escape") for k, v in LABELS_RE.findall(text)}


def seconds(text):
    total = 0
    for n, unit in re.findall(r"(\d+)(ms|[ywdhms])", text):
        total += int(n) * {"y": 31536000, "w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1, "ms": 0.001}[unit]
    return total


def parse_promtool(output):
    """Per file: {"failed": set of (kind, name, seconds), "errors": [...], "got": {...}}."""
    files = {}
    current = None
    entry = None
    for line in output.splitlines():
        m = re.match(r"^Unit Testing:\s+(.*)$", line)
        if m:
            current = files.setdefault(os.path.basename(m.group(1).strip()), {"failed": set(), "errors": [], "got": {}})
            entry = None
            continue
        if current is None:
            continue
        m = re.match(r"^    alertname: (.*), time: (\S+), ?$", line)
        if m:
            entry = ("alert", m.group(1), seconds(m.group(2)))
            current["failed"].add(entry)
            current["got"][entry] = []
            continue
        m = re.match(r'^    expr: "(.*)", time: (\S+),$', line)
        if m:
            entry = ("expr", m.group(1), seconds(m.group(2)))
            current["failed"].add(entry)
            current["got"][entry] = []
            continue
        if re.match(r"^    rule: ", line) or (re.match(r"^\S", line) and not line.startswith("Unit Testing")):
            current["errors"].append(line.strip())
            continue
        if entry is None:
            continue
        m = re.match(r"^\s+Labels:(\{.*\})$", line)
        if m:
            current["got"][entry].append([parse_labels(m.group(1)), {}])
            continue
        m = re.match(r"^\s+Annotations:(\{.*\}),?$", line)
        if m and current["got"][entry]:
            current["got"][entry][-1][1] = parse_labels(m.group(1))
            continue
        m = re.match(r"^\s+got: (.*)$", line)
        if m and entry[0] == "expr":
            text = m.group(1).strip()
            if text != "nil":
                for labels, value in re.findall(r"(\{[^}]*\}) (\S+?)(?:, |$)", text):
                    current["got"][entry].append((labels, value))
    return files


def parse_drillsim(output):
    files = {}
    current = None
    for line in output.splitlines():
        m = re.match(r"^Unit Testing:\s+(.*)$", line)
        if m:
            current = files.setdefault(os.path.basename(m.group(1).strip()), {"failed": set(), "passed": set(), "errors": []})
            continue
        if current is None:
            continue
        m = re.match(r"^  (PASS|FAIL) alertname: (.*), time: (\S+)$", line)
        if m:
            current["failed" if m.group(1) == "FAIL" else "passed"].add(("alert", m.group(2), seconds(m.group(3))))
            continue
        m = re.match(r'^  (PASS|FAIL) expr: "(.*)", time: (\S+)$', line)
        if m:
            current["failed" if m.group(1) == "FAIL" else "passed"].add(("expr", m.group(2), seconds(m.group(3))))
            continue
        if line.startswith("  ERROR"):
            current["errors"].append(line.strip())
    return files


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout


def compare(files, workdir, drillsim, promtool):
    prom = parse_promtool(run([promtool, "test", "rules"] + files, workdir))
    dsim = parse_drillsim(run([drillsim, "rules", "test"] + files, workdir))
    disagreements = 0
    assertions = 0
    failed = 0
    for f in files:
        name = os.path.basename(f)
        p = prom.get(name)
        d = dsim.get(name)
        if p is None or d is None:
            print("%s: missing in %s output" % (name, "promtool" if p is None else "drillsim"))
            disagreements += 1
            continue
        if bool(p["errors"]) != bool(d["errors"]):
            print("%s: promtool errors %s, drillsim errors %s" % (name, p["errors"], d["errors"]))
            disagreements += 1
            continue
        if p["errors"]:
            continue
        assertions += len(d["passed"]) + len(d["failed"])
        failed += len(d["failed"])
        if p["failed"] != d["failed"]:
            only_p = sorted(p["failed"] - d["failed"])
            only_d = sorted(d["failed"] - p["failed"])
            print("%s: failed only in promtool: %s; failed only in drillsim: %s" % (name, only_p[:5], only_d[:5]))
            disagreements += 1
    return disagreements, assertions, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--drillsim", required=True)
    ap.add_argument("--promtool", default="promtool")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir")
    ap.add_argument("--files", nargs="*")
    ap.add_argument("--expect-pass", action="store_true", help="with --files: every assertion must also pass")
    args = ap.parse_args()

    if args.files:
        files = [os.path.abspath(f) for f in args.files]
        d, n, failed = compare(files, os.getcwd(), args.drillsim, args.promtool)
        print("agreement: %d files, %d assertions (%d failing in both), %d files disagreeing" % (len(files), n, failed, d))
        if args.expect_pass and failed:
            print("expected every assertion to pass")
            return 1
        return 1 if d or n == 0 else 0

    os.makedirs(args.workdir, exist_ok=True)
    rng = random.Random(args.seed)
    cases = [Case(rng, i) for i in range(args.count)]
    names = []
    for c in cases:
        with open(os.path.join(args.workdir, "rules_%03d.yml" % c.index), "w") as f:
            f.write(c.rule_file())
        name = "test_%03d.yml" % c.index
        with open(os.path.join(args.workdir, name), "w") as f:
            f.write(test_file("rules_%03d.yml" % c.index, c, {}, {}))
        names.append(name)
    # What promtool gives, read back from its failure messages on empty expectations.
    first = parse_promtool(run([args.promtool, "test", "rules"] + names, args.workdir))
    for c, name in zip(cases, names):
        got = first.get(name, {"got": {}})["got"]
        alert_exp, expr_exp = {}, {}
        for (kind, what, t), value in got.items():
            if kind == "alert":
                alerts = []
                for labels, annotations in value:
                    labels = dict(labels)
                    labels.pop("alertname", None)
                    alerts.append((labels, annotations))
                alert_exp[(what, t)] = alerts
            else:
                expr_exp[t] = [(labels, float(v)) for labels, v in value]
        # Alter about a quarter of the expectations so that both tools must also fail them.
        for key in list(alert_exp.keys()) + [(n, t) for n in c.alert_names for t in c.eval_times()]:
            if rng.random() < 0.25:
                alerts = alert_exp.get(key, [])
                alert_exp[key] = alerts[:-1] if alerts else [({"severity": "page", "instance": "i1"}, {})]
        for t in c.eval_times():
            if rng.random() < 0.25:
                samples = expr_exp.get(t, [])
                expr_exp[t] = [(l, v + 1) for l, v in samples] if samples else [('{__name__="ALERTS"}', 1)]
        with open(os.path.join(args.workdir, name), "w") as f:
            f.write(test_file("rules_%03d.yml" % c.index, c, alert_exp, {t: [(l, repr(v)) for l, v in s] for t, s in expr_exp.items()}))
    d, n, failed = compare(names, args.workdir, args.drillsim, args.promtool)
    print("agreement: %d files, %d assertions (%d failing in both), %d files disagreeing" % (len(names), n, failed, d))
    return 1 if d else 0


if __name__ == "__main__":
    sys.exit(main())
