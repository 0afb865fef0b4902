#!/bin/bash
# Streaming image folders (issue #18): peak memory of one training epoch on generated folders of 5k and 50k colour
# 64×64 JPEGs (must differ by < 100 MB), then training throughput streamed (--cache never) vs decoded into
# memory (--cache always), in alternating rounds so both see the same machine noise, and the decode+augment pipeline alone (bench --pipeline).
# usage (repository root, after `dotnet pwsh ./build.ps1 build`):
#   bash scripts/stream-benchmark.sh [ROUNDS] [WORK_DIR]      (ROUNDS defaults to 3, WORK_DIR to a new temporary folder)
# The images stay in WORK_DIR (about 100 MB for 55k files) so a second run skips generating them.
set -euo pipefail
rounds=${1:-3}
work=${2:-$(mktemp -d -t onnxdl-stream.XXXXXX)}
cli=src/Cli/bin/Release/net10.0/onnxdl.dll
[ -f "$cli" ] || { echo "$cli not found: run 'dotnet pwsh ./build.ps1 build' first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install time" >&2; exit 2; }
mkdir -p "$work"
spec=$work/small64.json
cat >"$spec" <<'JSON'
{ "name": "small64", "input": [64, 64, 3],
  "layers": [ { "type": "Conv2D", "filters": 8, "kernel_size": 3, "activation": "relu" }, { "type": "MaxPooling2D", "pool_size": 4 },
    { "type": "Flatten" }, { "type": "Dense", "units": 10, "activation": "softmax" } ] }
JSON
rss=$work/rss.txt
# One epoch of `onnxdl train` with extra options; prints "PEAK_MB SAMPLES_PER_S".
train() {
  local data=$1 out=$2; shift 2
  rm -rf "$out"
  /usr/bin/time -f %M -o "$rss" dotnet "$cli" train --model "$spec" --data "folder:$data" --out "$out" --epochs 1 --augment flip --quiet "$@" >/dev/null
  echo "$(( $(cat "$rss") / 1024 )) $(grep -o '"samples_per_second": [0-9.]*' "$out/metrics.json" | cut -d' ' -f2)"
}
peaks=()
for n in 5000 50000; do
  [ -d "$work/img$n" ] || dotnet "$cli" dataset synthetic --out "$work/img$n" --count "$n" --size 64 >/dev/null
  read -r mb rate < <(train "$work/img$n" "$work/run$n" --cache never)
  peaks+=("$mb")
  echo "streamed, $n images: peak RSS $mb MB, $rate samples/s"
done
diff=$(( peaks[1] - peaks[0] ))
echo "peak RSS difference 50k − 5k: $diff MB (limit 100 MB)"
streamed=() cached=()
for round in $(seq "$rounds"); do
  read -r smb s < <(train "$work/img5000" "$work/streamed" --cache never)
  read -r cmb c < <(train "$work/img5000" "$work/cached" --cache always)
  streamed+=("$s") cached+=("$c")
  echo "round $round, 5000 images: streamed $s samples/s ($smb MB), in memory $c samples/s ($cmb MB)"
done
python3 - "${streamed[*]}" "${cached[*]}" <<'PY'
import statistics, sys
s, c = ([float(v) for v in arg.split()] for arg in sys.argv[1:])
print(f"median samples/s: streamed {statistics.median(s):.0f}, in memory {statistics.median(c):.0f}, "
      f"streamed/in-memory {statistics.median(s) / statistics.median(c):.2f}")
PY
dotnet "$cli" bench --pipeline
[ "${diff#-}" -lt 100 ] || { echo "FAIL: peak memory grew by $diff MB from 5k to 50k images" >&2; exit 1; }
