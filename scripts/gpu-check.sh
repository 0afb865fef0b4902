#!/usr/bin/env bash
# The GPU check, run on the GPU machine from the repository root after scripts/gpu-assemble.sh:
#   bash scripts/gpu-check.sh $HOME/onnxdl-gpu [--cpu-dry-run] [--budget SECONDS] [--batches 32,128,512] [--models cnn,convnet]
# Finds the CUDA 13 / cuDNN 9 libraries, then benchmarks onnxdl against PyTorch eager, records which
# nodes ran on CUDA, trains and evaluates the seed CNN, and prints one JSON summary (also written to
# $OUT/gpu-summary.json when $OUT is set). --cpu-dry-run exercises the same logic on CPU, small.
# The work is done by gpu_check.py (standard library only; any python3 will do).
set -euo pipefail
python=$(command -v python3 || command -v python || true)
[[ -n $python ]] || { echo "gpu-check: no python3 on PATH" >&2; exit 1; }
exec "$python" "$(dirname "${BASH_SOURCE[0]}")/gpu_check.py" "$@"
