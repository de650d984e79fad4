#!/usr/bin/env python3
"""Mutates the bundled scenarios, plans and aggregate reports and runs drillsim on each variant.

    scripts/mutate.py DRILLSIM [--variants N] [--seed S] [--jobs J] [--keep DIR]

Counts, over N variants (default 2000): crashes (a signal, or exit 70 "internal error"), runs over 10 s
of CPU, runs over 1 GiB of peak RSS, out-of-memory exits (6), and rejections (exit 2 or 3) whose stderr
is not one line naming the file and the place (`drillsim: invalid input: FILE:PLACE: problem`, PLACE a
JSON pointer or line:column; `FILE: problem` for a file as a whole). Variants that break a rule are
copied to --keep (default build/mutate/failures) with their stderr. Exit 1 if any count is not zero.
Deterministic for a given --seed. Each drill runs with a 2 GiB address-space limit and is killed past
10 s of CPU.
"""
import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CPU_LIMIT_S = 10
RSS_LIMIT_KIB = 1024 * 1024

HOSTILE_NUMBERS = [0, -1, 1, 0.5, 1e-9, 1e-6, 3.5, 59, 86400, 2592001, 1e6, 1e9, 2147483647, 2147483648,
                   4294967296, 9.2e18, 1.8e19, 1e300, 1.7e308, -1e308]
HOSTILE_STRINGS = ["", " ", "x" * 70000, "\u001b[2J\u001b]0;owned\u0007", "\u009b31m", "../../etc/passwd",
                   "/etc/shadow", "/dev/zero", "a\nb", "\u0000", "é" * 100, "5m", "-5m", "1e9h", "25%", "200%"]


def bundled():
    scenarios, aggregates = [], []
    for base, _, files in os.walk(os.path.join(ROOT, "scenarios")):
        for f in sorted(files):
            if f.endswith(".json") and f != "plan.json":
                scenarios.append(os.path.join(base, f))
    for base in ("tests/data/montecarlo",):
        for f in sorted(os.listdir(os.path.join(ROOT, base))):
            if f.endswith(".json"):
                aggregates.append(os.path.join(ROOT, base, f))
    return sorted(scenarios), sorted(aggregates)


def paths(value, prefix=()):
    """Every (path, value) in a JSON value."""
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, prefix + (i,))


def get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def put(doc, path, value):
    if not path:
        return value
    get(doc, path[:-1])[path[-1]] = value
    return doc


def mutate_json(rng, doc):
    """One structural mutation; returns the document (possibly a new root)."""
    all_paths = list(paths(doc))
    path, value = rng.choice(all_paths)
    kind = rng.randrange(12)
    if kind == 0:  # a hostile number anywhere
        return put(doc, path, rng.choice(HOSTILE_NUMBERS))
    if kind == 1:  # a hostile string anywhere
        return put(doc, path, rng.choice(HOSTILE_STRINGS))
    if kind == 2:  # another type
        return put(doc, path, rng.choice([None, True, [], {}, [1, 2], {"kind": "x"}]))
    if kind == 3 and path:  # delete
        parent = get(doc, path[:-1])
        del parent[path[-1]]
        return doc
    if kind == 4 and path and isinstance(path[-1], str):  # a typo in a key
        parent = get(doc, path[:-1])
        k = path[-1]
        typo = k[:-1] if len(k) > 1 else k + "x"
        parent[typo] = parent.pop(k)
        return doc
    if kind == 5:  # deep nesting (written out as text: Python's encoder recurses)
        return put(doc, path, "__DEEP__%d" % rng.choice([70, 1000, 100000]))
    if kind == 6 and isinstance(value, list) and value:  # many copies of an element
        value.extend([value[0]] * rng.choice([10, 200, 20000]))
        return doc
    if kind == 7:  # numbers of the document scaled
        nums = [p for p, v in all_paths if isinstance(v, (int, float)) and not isinstance(v, bool)]
        for p in rng.sample(nums, min(len(nums), 3)):
            v = get(doc, p)
            doc = put(doc, p, v * rng.choice([1000, 1e6, -1, 0.001]))
        return doc
    if kind == 8 and isinstance(doc, dict):  # a plan file reference
        doc["plan"] = rng.choice(["plan.json", "../plan.json", "/etc/passwd", "/dev/zero", "nonexistent.json",
                                  "fifo", ".", "sub/../plan.json"])
        return doc
    if kind == 9:  # a long key
        if isinstance(value, dict):
            value["k" * rng.choice([100, 70000])] = 1
        return doc
    if kind == 10 and isinstance(doc, dict):  # a long drill
        doc["duration_s"] = rng.choice([86400, 604800, 2592000])
        return doc
    return put(doc, path, rng.choice(HOSTILE_NUMBERS + HOSTILE_STRINGS))


def mutate_bytes(rng, data):
    kind = rng.randrange(4)
    if kind == 0 and data:
        return data[: rng.randrange(len(data))]
    if kind == 1 and data:
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if kind == 2:
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice([b"{", b"[", b"\"", b"\x1b[31m", b"\xff\xfe", b"1e400", b",", b"}"]) + data[at:]
    return data + rng.choice([b"x", b"\n{}", b"\x00"])


def make_variant(rng, sources, workdir, index):
    """Writes variant `index` into workdir; returns (command args without the binary, the file named)."""
    scenarios, aggregates = sources
    d = os.path.join(workdir, "v%05d" % index)
    os.makedirs(d)
    if rng.random() < 0.15 and aggregates:
        src = rng.choice(aggregates)
        target = os.path.join(d, "aggregate.json")
        args = lambda f: ["merge", f, f, "-o", os.path.join(d, "out.json"), "--quiet"]
    else:
        src = rng.choice(scenarios)
        plan = os.path.join(os.path.dirname(src), "plan.json")
        mutate_plan = os.path.exists(plan) and rng.random() < 0.3
        if os.path.exists(plan):
            shutil.copy(plan, os.path.join(d, "plan.json"))
        if rng.random() < 0.05:
            os.mkfifo(os.path.join(d, "fifo"))
        target = os.path.join(d, "scenario.json")
        args = lambda f: ["run", f, "--quiet", "--out", os.path.join(d, "out.json")]
        if mutate_plan:
            write_mutated(rng, plan, os.path.join(d, "plan.json"))
            shutil.copy(src, target)
            return args(target), os.path.join(d, "plan.json"), d
    write_mutated(rng, src, target)
    return args(target), target, d


def write_mutated(rng, src, target):
    with open(src, "rb") as f:
        data = f.read()
    if rng.random() < 0.75:
        doc = json.loads(data)
        for _ in range(rng.choice([1, 1, 2, 3])):
            doc = mutate_json(rng, doc)
        text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
        text = re.sub(r'"__DEEP__(\d+)"', lambda m: "[" * int(m.group(1)) + "0" + "]" * int(m.group(1)), text)
        data = text.encode("utf-8", "surrogatepass")
    else:
        data = mutate_bytes(rng, data)
    with open(target, "wb") as f:
        f.write(data)


def limit():
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT_S + 1, CPU_LIMIT_S + 2))
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def one_line_naming(stderr, files):
    lines = stderr.rstrip("\n").split("\n")
    if len(lines) != 1:
        return False
    line = lines[0]
    for f in files:
        for prefix in ("drillsim: invalid input: " + f, "drillsim: " + f):
            if line.startswith(prefix):
                rest = line[len(prefix):]
                # ":/pointer: problem", ":line:col: problem", or ": problem" (the file as a whole).
                if re.match(r"^(:(/[^ ]*|\d+:\d+))?: \S", rest):
                    return True
    return bool(re.match(r"^drillsim: (--|the scenario has no place|[a-z -]+ needs|cannot write)", line))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("drillsim")
    ap.add_argument("--variants", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", default=os.path.join(ROOT, "build", "mutate", "failures"))
    opts = ap.parse_args()
    binary = os.path.abspath(opts.drillsim)
    sources = bundled()
    counts = {"variants": 0, "accepted": 0, "rejected": 0, "crashes": 0, "over_cpu": 0, "over_rss": 0,
              "out_of_memory": 0, "bad_rejections": 0}
    workdir = tempfile.mkdtemp(prefix="drillsim-mutate-")
    failures = []

    def job(index):
        rng = random.Random(opts.seed * 1000003 + index)
        args, named, d = make_variant(rng, sources, workdir, index)
        pid = os.fork()
        if pid == 0:
            try:
                os.chdir(d)
                limit()
                err = os.open(os.path.join(d, "stderr"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 1)
                os.dup2(err, 2)
                os.execv(binary, [binary] + args)
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        with open(os.path.join(d, "stderr"), encoding="utf-8", errors="replace") as f:
            stderr = f.read()
        return index, args, named, d, status, usage, stderr

    with ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        for index, args, named, d, status, usage, stderr in pool.map(job, range(opts.variants)):
            counts["variants"] += 1
            cpu = usage.ru_utime + usage.ru_stime
            problems = []
            if os.WIFSIGNALED(status):
                sig = os.WTERMSIG(status)
                if sig in (24, 9) and cpu >= CPU_LIMIT_S:  # SIGXCPU / SIGKILL from RLIMIT_CPU
                    pass
                else:
                    problems.append("crashes")
            code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
            if code == 70:
                problems.append("crashes")
            if cpu > CPU_LIMIT_S:
                problems.append("over_cpu")
            if usage.ru_maxrss > RSS_LIMIT_KIB:
                problems.append("over_rss")
            if code == 6:
                problems.append("out_of_memory")
            if code in (0, 1):
                counts["accepted"] += 1
            elif code in (2, 3, 4):
                counts["rejected"] += 1
                if not one_line_naming(stderr, [named, args[1]]):
                    problems.append("bad_rejections")
            for p in sorted(set(problems)):
                counts[p] += 1
            if problems:
                keep = os.path.join(opts.keep, "v%05d" % index)
                shutil.rmtree(keep, ignore_errors=True)
                shutil.copytree(d, keep, ignore=shutil.ignore_patterns("fifo", "out.json"))
                failures.append((index, problems, code, round(cpu, 1), usage.ru_maxrss, stderr[:300]))
            shutil.rmtree(d, ignore_errors=True)
            if counts["variants"] % 100 == 0:
                print("progress: " + json.dumps(counts), file=sys.stderr, flush=True)
    shutil.rmtree(workdir, ignore_errors=True)
    for f in failures[:30]:
        print("variant %05d: %s (exit %s, cpu %s s, rss %s KiB): %s" % f, file=sys.stderr)
    print(json.dumps(counts))
    bad = counts["crashes"] + counts["over_cpu"] + counts["over_rss"] + counts["out_of_memory"] + counts["bad_rejections"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
