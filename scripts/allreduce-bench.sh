#!/usr/bin/env bash
# Per-step all-reduce time and bytes of data-parallel training (README, "Data-parallel training").
# Usage: scripts/allreduce-bench.sh ROUNDS MODEL SAMPLES [N...]   e.g. scripts/allreduce-bench.sh 3 cnn 4000 1 2
# Each round runs `mpirun -np N onnxdl train` for every N in turn (alternating, as the machine is shared) on the first
# SAMPLES Fashion-MNIST images, batch 32, one epoch, and prints one JSON line per run: N, the all-reduced bytes per step,
# the all-reduce and whole-step milliseconds (medians belong in the README, never one run).
set -euo pipefail
rounds=$1 model=$2 samples=$3; shift 3
sizes=("${@:-1 2}")
root=$(cd "$(dirname "$0")/.." && pwd)
tool=(dotnet "$root/src/Cli/bin/Release/net10.0/onnxdl.dll")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq "$rounds"); do
  for n in ${sizes[@]}; do
    mpirun --allow-run-as-root --oversubscribe -np "$n" "${tool[@]}" train --model "$root/models/$model.json" --data fashion-mnist \
      --limit "$samples" --epochs 1 --batch-size 32 --quiet --out "$out/run" > /dev/null
    printf '{"round":%s,"model":"%s","n":%s,"allreduce":%s}\n' "$round" "$model" "$n" "$(tr -d ' \n' < "$out/run/metrics.json" | grep -o '"allreduce":{[^}]*}' | cut -d: -f2-)"
  done
done
