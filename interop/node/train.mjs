// Runs onnxdl's train_step.onnx for a few steps in ONNX Runtime for Node.js, knowing only the file
// convention: state inputs start from model.onnx's initializers (optimizer states from zeros), each
// output named in the "onnxdl.state_map" metadata feeds its input next step, and
// "lr" (float32) and "step" (int64: 1, 2, …) are scalars. Models with dropout also list noise inputs in "onnxdl.noise_inputs";
// this script refuses them (the test model has none).
// usage: node train.mjs train_step.onnx model.onnx batches.json lr
//   batches.json: [{"input": {"dims", "data"}, "target": {"dims", "data"}}, ...]
// prints {"losses": [...], "state": {"name": {"dims", "data"}}} after the last step.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { readModel } from './onnx-proto.mjs';

const [trainPath, modelPath, batchesPath, lrText] = process.argv.slice(2);
const trainBytes = readFileSync(trainPath);
const train = readModel(trainBytes);
const initial = readModel(readFileSync(modelPath)).initializers;
const stateMap = JSON.parse(train.metadata['onnxdl.state_map']);
const noiseInputs = JSON.parse(train.metadata['onnxdl.noise_inputs'] ?? '[]');
if (noiseInputs.length > 0) throw new Error(`${trainPath} has dropout noise inputs (${noiseInputs}); this script runs models without dropout.`);
const session = await ort.InferenceSession.create(new Uint8Array(trainBytes));

const float = (dims, data) => new ort.Tensor('float32', Float32Array.from(data), dims);
const state = {};
for (const stateName of Object.values(stateMap)) {
  const info = train.inputs.find(i => i.name === stateName);
  const init = initial[stateName];
  state[stateName] = init ? float(init.dims, init.data) : float(info.dims, new Float32Array(info.dims.reduce((a, d) => a * d, 1)));
}

const losses = [];
const batches = JSON.parse(readFileSync(batchesPath, 'utf8'));
for (let step = 1; step <= batches.length; step++) {
  const batch = batches[step - 1];
  const feeds = { ...state, input: float(batch.input.dims, batch.input.data), target: float(batch.target.dims, batch.target.data),
    lr: float([], [Number(lrText)]), step: new ort.Tensor('int64', BigInt64Array.from([BigInt(step)]), []) };
  const results = await session.run(feeds);
  losses.push(Number(results.loss.data[0]));
  for (const [output, input] of Object.entries(stateMap)) state[input] = results[output];
}
const out = { losses, state: {} };
for (const [name, t] of Object.entries(state)) out.state[name] = { dims: t.dims.map(Number), data: Array.from(t.data, Number) };
process.stdout.write(JSON.stringify(out));
