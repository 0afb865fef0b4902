#!/usr/bin/env bash
# Assembles the GPU bundle from its parts: checks every slice against SHA256SUMS, then unpacks the
# concatenated xz archive into TARGET (replacing what was there).
# usage: scripts/gpu-assemble.sh PARTS_DIR TARGET
#   PARTS_DIR holds onnxdl-gpu.tar.xz.NN (all of them) and SHA256SUMS, as moved there from .gpu-bundle/partNN/.
set -euo pipefail
parts=${1:?usage: gpu-assemble.sh PARTS_DIR TARGET}
target=${2:?usage: gpu-assemble.sh PARTS_DIR TARGET}
cd "$parts"
[[ -f SHA256SUMS ]] || { echo "gpu-assemble: $parts/SHA256SUMS is missing (it travels in every part)" >&2; exit 1; }
expected=$(wc -l < SHA256SUMS)
present=$(ls onnxdl-gpu.tar.xz.* 2>/dev/null | wc -l)
if [[ $present -ne $expected ]]; then
    echo "gpu-assemble: $present of $expected slices in $parts; missing: $(awk '{print $2}' SHA256SUMS | while read -r f; do [[ -f $f ]] || printf '%s ' "$f"; done)" >&2
    exit 1
fi
sha256sum --check --quiet SHA256SUMS
rm -rf "$target"
mkdir -p "$target"
start=$SECONDS
awk '{print $2}' SHA256SUMS | xargs cat | xz --decompress --threads=0 | tar -x -C "$target"
echo "gpu-assemble: $expected slices checked and unpacked into $target in $((SECONDS - start)) s ($(du -sh "$target" | cut -f1))"
