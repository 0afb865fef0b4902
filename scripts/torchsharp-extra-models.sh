#!/bin/bash
# Writes a copy of the TorchSharp anchor that also runs models/resnet_small.json and models/mobilenet_small.json (the
# anchor in ../shared has neither), for scripts/bench-vs-torchsharp.sh's ANCHOR_DIR. The two networks are added by
# scripts/torchsharp-extra-models.patch: BatchNorm2d with ε 1e-3 and momentum 0.01 (Keras: 0.99), no conv biases,
# "same" padding as PyTorch's symmetric padding 1.
# usage (repository root): bash scripts/torchsharp-extra-models.sh OUT_DIR [ANCHOR_DIR]
#   then: bash scripts/bench-vs-torchsharp.sh ROUNDS BATCH SAMPLES resnet_small|mobilenet_small OUT_DIR
# The copy's run.sh builds in the anchor's own cache folder, so switching between the copy and the anchor rebuilds it.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [ANCHOR_DIR]" >&2; exit 2; }
out=$1 anchor=${2:-../shared/anchors/torchsharp}
patch_file=$(cd "$(dirname "$0")" && pwd)/torchsharp-extra-models.patch
[ -f "$anchor/run.sh" ] || { echo "$anchor/run.sh not found: pass the TorchSharp anchor folder" >&2; exit 2; }
[ ! -e "$out" ] || { echo "$out already exists: give a folder that does not" >&2; exit 2; }
command -v patch >/dev/null || { echo "patch not found: apt-get install patch" >&2; exit 2; }
mkdir -p "$out"
cp -r "$anchor"/. "$out"/
chmod -R u+w "$out"
patch --quiet -p1 -d "$out" < "$patch_file"
echo "$out: the anchor with resnet_small and mobilenet_small"
