#!/bin/bash
# Alternates `onnxdl bench` with the TorchSharp anchor on the same model (cnn, convnet or tfdoc; resnet_small and
# mobilenet_small with the anchor copy scripts/torchsharp-extra-models.sh writes), so both see the same machine noise.
# usage (repository root, after `dotnet pwsh ./build.ps1 build`):
#   bash scripts/bench-vs-torchsharp.sh ROUNDS BATCH SAMPLES [MODEL] [ANCHOR_DIR]
#   (MODEL defaults to cnn, ANCHOR_DIR to ../shared/anchors/torchsharp)
# Prints each round's samples/s, peak resident memory (MB) and ratio, then the medians, ranges and the ratio of the best runs.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 ROUNDS BATCH SAMPLES [MODEL] [ANCHOR_DIR]" >&2; exit 2; }
rounds=$1 batch=$2 samples=$3 model=${4:-cnn} anchor=${5:-../shared/anchors/torchsharp}
cli=src/Cli/bin/Release/net10.0/onnxdl.dll
[ -f "$cli" ] || { echo "$cli not found: run 'dotnet pwsh ./build.ps1 build' first" >&2; exit 2; }
[ -f "$anchor/run.sh" ] || { echo "$anchor/run.sh not found: pass the TorchSharp anchor folder" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install time" >&2; exit 2; }
log=$(mktemp) rss=$(mktemp)
trap 'rm -f "$log" "$rss"' EXIT
# Runs a command under /usr/bin/time; its output goes to $log, its peak resident set (MB) is printed.
peak_of() { /usr/bin/time -f %M -o "$rss" "$@" >"$log"; echo $(( $(cat "$rss") / 1024 )); }
ours=() theirs=()
for round in $(seq "$rounds"); do
  om=$(peak_of dotnet "$cli" bench --model "$model" --batch-size "$batch" --samples "$samples")
  o=$(tail -1 "$log" | grep -o '"samples_per_s":[0-9.]*' | cut -d: -f2)
  tm=$(peak_of bash "$anchor/run.sh" "$model" 1 "$batch" "$samples")
  t=$(grep -o 'RESULT.*samples_per_s=[0-9]*' "$log" | grep -o '[0-9]*$')
  ours+=("$o") theirs+=("$t")
  echo "$model batch $batch, $samples samples, round $round: onnxdl $o ($om MB), torchsharp $t ($tm MB), ratio $(python3 -c "print(round($o / $t, 2))")"
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
