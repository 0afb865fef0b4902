#!/usr/bin/env bash
# Serving benchmark (issue #15): autocannon (npm) against `onnxdl serve` on loopback, for the seed CNN (models/cnn.json)
# and models/convnet.json, batching off (--max-batch-size 1) and on (default, 32), bodies: a JPEG and a JSON tensor to
# /predict, JSON and binary tensors to /v2/models/NAME/infer; 1, 16 and 64 connections; ROUNDS alternating rounds of
# SECONDS each, medians reported. Run from the repository root after a Release build:
#   dotnet build src/Cli -c Release && bash scripts/serve-bench/run.sh [SECONDS] [ROUNDS]
# autocannon and jpeg-js are installed under out/serve-bench/tools (gitignored). The weights are untrained (export):
# only the cost of a request matters here. ONNXDL (default: dotnet src/Cli/bin/Release/net10.0/onnxdl.dll) picks the tool.
set -euo pipefail
seconds=${1:-5}
rounds=${2:-2}
[[ $seconds =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: SECONDS and ROUNDS must be positive integers" >&2; exit 2; }
read -r -a onnxdl <<< "${ONNXDL:-dotnet src/Cli/bin/Release/net10.0/onnxdl.dll}"
work=out/serve-bench
mkdir -p "$work/tools"
[[ -d $work/tools/node_modules/autocannon && -d $work/tools/node_modules/jpeg-js ]] ||
    npm install --no-audit --no-fund --prefix "$work/tools" autocannon@9.0.0 jpeg-js@0.4.4 >&2
for model in cnn convnet; do
    [[ -f $work/$model.onnx ]] || "${onnxdl[@]}" export "models/$model.json" --out "$work/$model.onnx" --seed 1 >&2
done
NODE_PATH="$work/tools/node_modules" node scripts/serve-bench/bench.mjs "$work" "$seconds" "$rounds" "${onnxdl[@]}"
