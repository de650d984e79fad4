#!/usr/bin/env python3
"""The batch files of docs/batch/ do what docs/monte-carlo.md says: run as their scheduler would run
them, their shards merge into the very bytes of one study.

- slurm-study.sh: each array task (SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT) runs its shard into
  ./study/, then the merge its header gives joins them.
- kubernetes-study.yaml: each pod runs the container's command with its JOB_COMPLETION_INDEX for every
  index below `completions`, which must equal the SHARDS the command divides by; the command of
  kubernetes-merge.yaml then merges what they wrote. The manifests' paths (/scenarios, /study) are
  mapped into a scratch directory and RUNS is made small; everything else is the manifests' own.

Usage: batch_manifests.py DRILLSIM SCENARIO DOCS_BATCH_DIR WORKDIR
"""
import os
import re
import shutil
import subprocess
import sys

RUNS = 14
SEED = 5


def fail(message):
    print(message)
    sys.exit(1)


def run(command, env, cwd, shell=False):
    done = subprocess.run(command, env=env, cwd=cwd, shell=shell, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"{command}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def folded_block(lines, start):
    """The text of the YAML folded block scalar (`>-`) whose indicator ends line `start`: the
    following lines indented deeper, joined by single spaces."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    parts = []
    for line in lines[start + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        parts.append(line.strip())
    return " ".join(p for p in parts if p)


def env_value(text, name):
    m = re.search(r"- name: " + name + r"\n\s+value: \"([^\"]*)\"", text)
    if not m:
        fail(f"kubernetes-study.yaml: no env {name}")
    return m.group(1)


def main():
    exe, scenario, batch, work = sys.argv[1:5]
    work = os.path.join(work, "batch_manifests")
    shutil.rmtree(work, ignore_errors=True)
    bin_dir = os.path.join(work, "bin")
    os.makedirs(bin_dir)
    os.symlink(os.path.abspath(exe), os.path.join(bin_dir, "drillsim"))
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))

    # --- Slurm -----------------------------------------------------------------------------------------
    slurm = os.path.join(work, "slurm")
    os.makedirs(slurm)
    script = os.path.join(batch, "slurm-study.sh")
    tasks = 3
    for i in range(tasks):
        task_env = dict(env, SLURM_ARRAY_TASK_COUNT=str(tasks), SLURM_ARRAY_TASK_ID=str(i),
                        SLURM_CPUS_PER_TASK="2")
        run(["bash", script, scenario, str(RUNS), str(SEED)], task_env, slurm)
    header = open(script).read()
    m = re.search(r"--wrap \\\n#\s+'([^']+)'", header)
    if not m:
        fail("slurm-study.sh: no merge command (sbatch --dependency ... --wrap '...') in its header")
    run(m.group(1), env, slurm, shell=True)
    run([exe, "run", scenario, "--runs", str(RUNS), "--seed", str(SEED), "--quiet", "--out",
         os.path.join(slurm, "single.json")], env, slurm)
    merged = os.path.join(slurm, "study", "default.aggregate.json")
    if read_bytes(merged) != read_bytes(os.path.join(slurm, "single.json")):
        fail(f"slurm: the merged shards differ from the single study ({slurm})")

    # --- Kubernetes ------------------------------------------------------------------------------------
    kube = os.path.join(work, "kubernetes")
    os.makedirs(os.path.join(kube, "scenarios"))
    os.makedirs(os.path.join(kube, "study"))
    study_text = open(os.path.join(batch, "kubernetes-study.yaml")).read()
    lines = study_text.split("\n")
    completions = int(re.search(r"^\s+completions: (\d+)$", study_text, re.M).group(1))
    if not re.search(r"^\s+completionMode: Indexed$", study_text, re.M):
        fail("kubernetes-study.yaml: not an Indexed Job")
    shards = env_value(study_text, "SHARDS")
    if int(shards) != completions:
        fail(f"kubernetes-study.yaml: SHARDS {shards} but completions {completions}")
    seed = env_value(study_text, "SEED")
    starts = [i for i, line in enumerate(lines) if line.strip() == "- >-"]
    if len(starts) != 1:
        fail("kubernetes-study.yaml: expected one folded command (- >-)")
    command = folded_block(lines, starts[0])
    if '--shard "$JOB_COMPLETION_INDEX/$SHARDS"' not in command:
        fail(f"kubernetes-study.yaml: the command does not run shard JOB_COMPLETION_INDEX/SHARDS: {command}")

    def local(text):
        return text.replace("/scenarios/", os.path.join(kube, "scenarios") + "/").replace(
            "/study/", os.path.join(kube, "study") + "/")

    local_scenario = os.path.join(kube, "scenarios", "default.json")
    shutil.copyfile(scenario, local_scenario)
    for index in range(completions):
        pod_env = dict(env, SHARDS=shards, RUNS=str(RUNS), SEED=seed, JOB_COMPLETION_INDEX=str(index))
        run(["/bin/sh", "-c", local(command)], pod_env, kube)
    merge_text = open(os.path.join(batch, "kubernetes-merge.yaml")).read()
    m = re.search(r'args: \["([^"]+)"\]', merge_text)
    if not m:
        fail("kubernetes-merge.yaml: no args [\"...\"]")
    run(["/bin/sh", "-c", local(m.group(1))], env, kube)
    run([exe, "run", local_scenario, "--runs", str(RUNS), "--seed", seed, "--quiet", "--out",
         os.path.join(kube, "single.json")], env, kube)
    merged = os.path.join(kube, "study", "default.aggregate.json")
    if read_bytes(merged) != read_bytes(os.path.join(kube, "single.json")):
        fail(f"kubernetes: the merged shards differ from the single study ({kube})")
    print(f"slurm: {tasks} tasks, kubernetes: {completions} pods; both merges byte-identical to one study")


if __name__ == "__main__":
    main()
