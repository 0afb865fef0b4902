#!/usr/bin/env bash
# Preemption soak: ROUNDS random kill -9 moments of one training run, each resumed to the end and compared with
# an uninterrupted run, byte for byte. Run from the repository root after a Release build:
#   dotnet build src/Cli -c Release && bash scripts/kill-resume-soak.sh 20
# Each round starts `onnxdl train … --checkpoint-every EVERY --resume` (EVERY alternates between a step count and a
# duration), sends SIGKILL at a uniformly random moment of the reference run's training (which can be before the
# first checkpoint, mid-epoch, at an epoch's end or after model.onnx), then reruns the same command until it exits 0 and
# compares model.onnx and history.csv with the reference, and finds no temporary file of an interrupted write left in
# the output folder. One line per round; exit 1 if any round failed.
# ONNXDL (default: dotnet src/Cli/bin/Release/net10.0/onnxdl.dll) picks the tool; SEED the kill moments' seed.
set -euo pipefail
rounds=${1:?usage: kill-resume-soak.sh ROUNDS}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "kill-resume-soak: ROUNDS must be a positive integer, received '$rounds'" >&2; exit 2; }
read -r -a onnxdl <<< "${ONNXDL:-dotnet src/Cli/bin/Release/net10.0/onnxdl.dll}"
RANDOM=${SEED:-$$}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo '{"name":"tiny","input":[28,28,1],"layers":[{"type":"Flatten"},{"type":"Dense","units":10,"activation":"softmax"}]}' > "$work/tiny.json"
train() { "${onnxdl[@]}" train --model "$work/tiny.json" --data fashion-mnist --limit 12000 --batch-size 8 --epochs 4 \
    --validation-split 0.2 --seed 11 --quiet --out "$@"; }
# The checkpoint's progress, from its JSON header (after the 8-byte magic and the header's length).
progress() { [[ -f $1 ]] && head -c 600 "$1" | tr -d '\0' | grep -ao '"Progress":{[^}]*}' || echo 'no checkpoint'; }

# The reference run, timing its epoch lines: kills are spread over the training (from about when epoch 1 began to
# the last epoch's line), not over the start-up and data loading before it.
start=$(date +%s%N)
epoch_ms=()
while read -r line; do
    [[ $line == epoch* ]] && epoch_ms+=($(( ($(date +%s%N) - start) / 1000000 )))
done < <(train "$work/reference")
[[ -f $work/reference/model.onnx && ${#epoch_ms[@]} == 4 ]] || { echo "kill-resume-soak: the reference run failed" >&2; exit 1; }
from_ms=$(( 2 * epoch_ms[0] - epoch_ms[1] )) to_ms=${epoch_ms[3]}
echo "reference run: training from about ${from_ms} ms to ${to_ms} ms"

failed=0
for round in $(seq 1 "$rounds"); do
    out="$work/round$round"
    every=$([[ $((round % 2)) == 1 ]] && echo $((5 + RANDOM % 60)) || echo "0.0$((1 + RANDOM % 9))s")
    at_ms=$(( from_ms + (RANDOM * 32768 + RANDOM) % (to_ms - from_ms) ))
    train "$out" --checkpoint-every "$every" --resume > /dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((at_ms / 1000)) $((at_ms % 1000)))"
    kill -9 "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
    left=$(progress "$out/checkpoint/last.ckpt")
    resumes=0
    until train "$out" --checkpoint-every "$every" --resume > "$work/resume.log" 2>&1; do
        resumes=$((resumes + 1))
        if (( resumes == 3 )); then echo "round $round: resume keeps failing:"; tail -3 "$work/resume.log"; break; fi
    done
    orphans=$(find "$out" -name '.*.tmp' | wc -l)
    if cmp -s "$work/reference/model.onnx" "$out/model.onnx" && cmp -s "$work/reference/history.csv" "$out/history.csv" && (( orphans == 0 )); then
        verdict=PASS
    else
        verdict=FAIL
        failed=$((failed + 1))
    fi
    echo "round $round: $verdict  --checkpoint-every $every, killed at ${at_ms} ms, checkpoint left: $left, temporary files left: $orphans"
    rm -rf "$out"
done
echo "$((rounds - failed))/$rounds rounds identical to the uninterrupted run"
(( failed == 0 ))
