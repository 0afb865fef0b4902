#!/bin/bash
# Alternates `onnxdl bench` with the TorchSharp anchor on the seed CNN, so both see the same machine noise.
# usage (repository root, after `dotnet pwsh ./build.ps1 build`):
#   bash scripts/bench-vs-torchsharp.sh ROUNDS BATCH SAMPLES [ANCHOR_DIR]   (ANCHOR_DIR defaults to ../shared/anchors/torchsharp)
# Prints each round's samples/s and ratio, then the medians, ranges and the ratio of the best runs.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 ROUNDS BATCH SAMPLES [ANCHOR_DIR]" >&2; exit 2; }
rounds=$1 batch=$2 samples=$3 anchor=${4:-../shared/anchors/torchsharp}
cli=src/Cli/bin/Release/net10.0/onnxdl.dll
[ -f "$cli" ] || { echo "$cli not found: run 'dotnet pwsh ./build.ps1 build' first" >&2; exit 2; }
[ -f "$anchor/run.sh" ] || { echo "$anchor/run.sh not found: pass the TorchSharp anchor folder" >&2; exit 2; }
ours=() theirs=()
for round in $(seq "$rounds"); do
  o=$(dotnet "$cli" bench --model cnn --batch-size "$batch" --samples "$samples" | tail -1 | grep -o '"samples_per_s":[0-9.]*' | cut -d: -f2)
  t=$(bash "$anchor/run.sh" cnn 1 "$batch" "$samples" | grep -o 'RESULT.*samples_per_s=[0-9]*' | grep -o '[0-9]*$')
  ours+=("$o") theirs+=("$t")
  echo "batch $batch, $samples samples, round $round: onnxdl $o, torchsharp $t, ratio $(python3 -c "print(round($o / $t, 2))")"
done
python3 - "${ours[*]}" "${theirs[*]}" <<'PY'
import statistics, sys
ours, theirs = ([float(v) for v in arg.split()] for arg in sys.argv[1:])
ratios = [o / t for o, t in zip(ours, theirs)]
print(f"median ratio {statistics.median(ratios):.2f} ({min(ratios):.2f} - {max(ratios):.2f}); "
      f"onnxdl median {statistics.median(ours):.0f} ({min(ours):.0f} - {max(ours):.0f}); "
      f"torchsharp median {statistics.median(theirs):.0f} ({min(theirs):.0f} - {max(theirs):.0f}); "
      f"ratio of the best runs {max(ours) / max(theirs):.2f}")
PY
