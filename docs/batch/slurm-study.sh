#!/usr/bin/env bash
# A Monte Carlo study as a Slurm job array (docs/monte-carlo.md, "Batch schedulers"): task i of K runs
# shard i/K of the study on the cores Slurm gave it; a dependent job merges the shards.
#
#   mkdir -p study    # before sbatch: Slurm writes the tasks' output there
#   sbatch --array=0-9 docs/batch/slurm-study.sh scenarios/default.json 10000 1
#   sbatch --dependency=afterok:<array job id> --wrap \
#     'drillsim merge study/shard*.json -o study/default.aggregate.json'
#
# Arguments: SCENARIO RUNS [SEED]. Every task must see the same scenario file, drillsim version, RUNS
# and SEED: merge refuses shards of different studies. The shards' aggregates are written to ./study/.
#SBATCH --job-name=drillsim-study
#SBATCH --cpus-per-task=4
#SBATCH --time=01:00:00
#SBATCH --output=study/slurm-%A_%a.out
set -euo pipefail
scenario=${1:?scenario file}
runs=${2:?number of runs}
seed=${3:-1}
count=${SLURM_ARRAY_TASK_COUNT:?submit with sbatch --array=0-(K-1)}
index=${SLURM_ARRAY_TASK_ID:?submit with sbatch --array}
mkdir -p study
exec drillsim run "$scenario" --runs "$runs" --seed "$seed" --shard "$index/$count" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet --out "study/shard$index.json"
