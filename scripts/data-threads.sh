#!/bin/bash
# How many decoding threads (--data-threads) to leave beside ONNX Runtime: trains one epoch from a streamed folder with
# each thread count in turn, round after round, so every count sees the same machine noise, and prints the median
# samples/s of each. Two workloads: the seed CNN on 28×28 grey PNGs (training-bound) and a small conv net on 64×64
# colour JPEGs (decode-bound).
# usage (repository root, after `dotnet pwsh ./build.ps1 build`):
#   bash scripts/data-threads.sh [ROUNDS] [IMAGES] [THREADS...]      (defaults: 3 rounds, 3000 images, threads 1 2 4)
set -euo pipefail
rounds=${1:-3} images=${2:-3000}
shift $(( $# < 2 ? $# : 2 ))
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1 2 4)
cli=src/Cli/bin/Release/net10.0/onnxdl.dll
[ -f "$cli" ] || { echo "$cli not found: run 'dotnet pwsh ./build.ps1 build' first" >&2; exit 2; }
work=$(mktemp -d -t onnxdl-threads.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat >"$work/small64.json" <<'JSON'
{ "name": "small64", "input": [64, 64, 3],
  "layers": [ { "type": "Conv2D", "filters": 8, "kernel_size": 3, "activation": "relu" }, { "type": "MaxPooling2D", "pool_size": 4 },
    { "type": "Flatten" }, { "type": "Dense", "units": 10, "activation": "softmax" } ] }
JSON
dotnet "$cli" dataset synthetic --out "$work/png28" --count "$images" --size 28 --grey --format png >/dev/null
dotnet "$cli" dataset synthetic --out "$work/jpg64" --count "$images" --size 64 >/dev/null
declare -A rates
for round in $(seq "$rounds"); do
  for workload in "src/Cli/bin/Release/net10.0/models/cnn.json png28" "$work/small64.json jpg64"; do
    read -r spec data <<<"$workload"
    for t in "${threads[@]}"; do
      dotnet "$cli" train --model "$spec" --data "folder:$work/$data" --out "$work/run" --epochs 1 --augment flip --quiet --cache never --data-threads "$t" >/dev/null
      rate=$(grep -o '"samples_per_second": [0-9.]*' "$work/run/metrics.json" | cut -d' ' -f2)
      rates[$data.$t]="${rates[$data.$t]:-} $rate"
      echo "round $round, $data, --data-threads $t: $rate samples/s"
    done
  done
done
for data in png28 jpg64; do
  for t in "${threads[@]}"; do
    python3 -c "import statistics, sys; v = [float(x) for x in sys.argv[3].split()]; print(f'{sys.argv[1]}, --data-threads {sys.argv[2]}: median {statistics.median(v):.0f} samples/s ({min(v):.0f} – {max(v):.0f})')" "$data" "$t" "${rates[$data.$t]}"
  done
done
