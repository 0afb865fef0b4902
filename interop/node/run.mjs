// Runs an ONNX model in ONNX Runtime for Node.js (default) or its WebAssembly build (--wasm).
// usage: node run.mjs [--wasm] model.onnx input.json   (input.json: {"name": {"dims": [...], "data": [...]}})
// prints {"output name": {"dims": [...], "data": [...]}} for every output.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const wasm = args[0] === '--wasm';
const [modelPath, inputPath] = wasm ? args.slice(1) : args;
const ort = wasm ? await import('onnxruntime-web') : await import('onnxruntime-node');
if (wasm) ort.env.wasm.numThreads = 1;

const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(modelPath)), { executionProviders: [wasm ? 'wasm' : 'cpu'] });
const feeds = {};
for (const [name, t] of Object.entries(JSON.parse(readFileSync(inputPath, 'utf8'))))
  feeds[name] = new ort.Tensor('float32', Float32Array.from(t.data), t.dims);
const results = await session.run(feeds);
const out = {};
for (const [name, t] of Object.entries(results)) out[name] = { dims: t.dims.map(Number), data: Array.from(t.data, Number) };
process.stdout.write(JSON.stringify(out));
