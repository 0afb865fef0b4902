#!/usr/bin/env bash
# Full Fashion-MNIST run of models/resnet_small.json with the test accuracy after every epoch. Run from the
# repository root after a Release build:
#   dotnet build src/Cli -c Release && bash scripts/resnet-small-fashion.sh EPOCHS [OUT [TRAIN_OPTION…]]
# e.g. … 12 out/resnet_small --lr-schedule cosine:12 (options after OUT go to every `onnxdl train`).
# Each epoch is one `onnxdl train … --epochs E --resume` (which continues the previous epoch's run exactly) followed
# by `onnxdl evaluate` of its model.onnx on the 10,000 test images; one line per epoch:
#   epoch E  test_accuracy A  test_loss L  train_seconds S (cumulative)
# ONNXDL (default: dotnet src/Cli/bin/Release/net10.0/onnxdl.dll) picks the tool; BATCH the batch size (64).
set -euo pipefail
epochs=${1:?usage: resnet-small-fashion.sh EPOCHS [OUT [TRAIN_OPTION…]]}
[[ $epochs =~ ^[1-9][0-9]*$ ]] || { echo "resnet-small-fashion: EPOCHS must be a positive integer, received '$epochs'" >&2; exit 2; }
out=${2:-out/resnet_small}
shift $(( $# < 2 ? $# : 2 ))
read -r -a onnxdl <<< "${ONNXDL:-dotnet src/Cli/bin/Release/net10.0/onnxdl.dll}"
seconds=0
for ((e = 1; e <= epochs; e++)); do
    start=$(date +%s)
    "${onnxdl[@]}" train --model models/resnet_small.json --data fashion-mnist --batch-size "${BATCH:-64}" --epochs "$e" \
        --seed 42 --resume --quiet --out "$out" "$@" > "$out.train.log" 2>&1 || { cat "$out.train.log" >&2; exit 1; }
    seconds=$((seconds + $(date +%s) - start))
    result=$("${onnxdl[@]}" evaluate --model "$out/model.onnx" --data fashion-mnist:test --json | tail -n 1)
    accuracy=$(grep -o '"accuracy":[0-9.eE+-]*' <<< "$result" | cut -d: -f2)
    loss=$(grep -o '"loss":[0-9.eE+-]*' <<< "$result" | cut -d: -f2)
    echo "epoch $e  test_accuracy $accuracy  test_loss $loss  train_seconds $seconds"
done
