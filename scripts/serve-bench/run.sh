#!/usr/bin/env bash
# Serving benchmark (issue #15): autocannon (npm) against `onnxdl serve` on loopback, for the seed CNN (models/cnn.json)
# and models/convnet.json: the baseline tool built from BASE_REF (default main; its /predict with a JPEG and with a
# JSON tensor), and this tree's with batching off (--max-batch-size 1) and on (default, 32), JSON and binary tensors to
# /v2/models/NAME/infer (and /predict JSON with batching off); 1, 16 and 64 connections; ROUNDS alternating rounds of
# SECONDS each, medians reported. Run from the repository root after a Release build:
#   dotnet build src/Cli -c Release && bash scripts/serve-bench/run.sh [SECONDS] [ROUNDS]
# autocannon and jpeg-js are installed, and the baseline built, under out/serve-bench (gitignored). The weights are
# untrained (export): only a request's cost matters here. ONNXDL (default: dotnet src/Cli/bin/Release/net10.0/onnxdl.dll)
# picks the tool.
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
base=$work/base-${BASE_REF:-main}
if [[ ! -f $base/bin/onnxdl.dll ]]; then
    rm -rf "$base" && mkdir -p "$base/src"
    git archive "${BASE_REF:-main}" | tar -x -C "$base/src"
    dotnet build "$base/src/src/Cli/Onnxdl.Cli.csproj" -c Release -o "$base/bin" >&2
fi
BASELINE="dotnet $base/bin/onnxdl.dll" NODE_PATH="$work/tools/node_modules" node scripts/serve-bench/bench.mjs "$work" "$seconds" "$rounds" "${onnxdl[@]}"
