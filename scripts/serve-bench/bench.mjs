// Drives the serving benchmark: starts one `onnxdl serve` per model × batching setting on loopback ports, sends each
// body kind with autocannon at 1/16/64 connections for SECONDS, ROUNDS times in alternating order, and prints a
// Markdown table of medians (requests/s, p50, p99) plus the ratios the issue's targets are stated in.
// Usage (see run.sh): node bench.mjs WORKDIR SECONDS ROUNDS ONNXDL...
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(resolve(process.env.NODE_PATH) + '/');
const autocannon = require('autocannon');
const jpeg = require('jpeg-js');
const [work, seconds, rounds, ...onnxdl] = process.argv.slice(2);
const connections = [1, 16, 64];
const baseline = process.env.BASELINE.split(' ');

// One Fashion-MNIST test image: 28×28 grey bytes after the IDX header (16 bytes).
const idx = gunzipSync(readFileSync('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz'));
const grey = idx.subarray(16, 16 + 784);
const floats = Float32Array.from(grey, b => b / 255);
const rgba = Buffer.alloc(784 * 4);
grey.forEach((g, i) => rgba.fill(g, i * 4, i * 4 + 3).writeUInt8(255, i * 4 + 3));
const shape = [1, 1, 28, 28];
const data = Array.from(floats);
const binaryHeader = Buffer.from(JSON.stringify({
  inputs: [{ name: 'input', shape, datatype: 'FP32', parameters: { binary_data_size: 784 * 4 } }],
  parameters: { binary_data_output: true },
}));
const bodies = {
  'predict JPEG': { path: '/predict', type: 'image/jpeg', body: jpeg.encode({ data: rgba, width: 28, height: 28 }, 90).data },
  'predict JSON': { path: '/predict', type: 'application/json', body: JSON.stringify({ input: { dims: shape, data } }) },
  'v2 JSON': { path: '/v2/models/m/infer', type: 'application/json', body: JSON.stringify({ inputs: [{ name: 'input', shape, datatype: 'FP32', data }] }) },
  'v2 binary': {
    path: '/v2/models/m/infer', type: 'application/octet-stream', body: Buffer.concat([binaryHeader, Buffer.from(floats.buffer)]),
    headers: { 'inference-header-content-length': String(binaryHeader.length) },
  },
};

function serve(model, batch, port) {
  // The baseline knows neither NAME=PATH nor batching; its /predict is all that is measured of it.
  const [tool, args] = batch === 'base'
    ? [baseline, ['--model', `${work}/${model}.onnx`]]
    : [onnxdl, ['--model', `m=${work}/${model}.onnx`, '--max-batch-size', String(batch)]];
  const child = spawn(tool[0], [...tool.slice(1), 'serve', ...args, '--urls', `http://127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', d => { out += d; if (out.includes('Listening on')) resolve(child); });
    child.on('exit', code => reject(new Error(`serve ${model} exited with ${code}: ${out}`)));
  });
}

async function load(port, kind, conns, duration = Number(seconds)) {
  const b = bodies[kind];
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${b.path}`, method: 'POST', body: b.body, connections: conns, duration,
    headers: { 'content-type': b.type, ...(b.headers ?? {}) },
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${kind} on :${port}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const setups = [];
let port = 18100;
for (const model of ['cnn', 'convnet']) {
  for (const batch of ['base', 1, 32]) {
    const kinds = { base: ['predict JPEG', 'predict JSON'], 1: ['predict JSON', 'v2 JSON', 'v2 binary'], 32: ['v2 JSON', 'v2 binary'] }[batch];
    setups.push({ model, batch, port, kinds, child: await serve(model, batch, port++) });
  }
}
const results = new Map();
try {
  // Warm-up: JIT, ONNX Runtime's first runs and every batch size's allocations happen before anything is measured.
  for (const s of setups) for (const kind of s.kinds) await load(s.port, kind, 64, 1);
  for (let round = 0; round < Number(rounds); round++) {
    // Alternate the order each round so drift on the shared machine does not favour one setting.
    const order = round % 2 === 0 ? setups : [...setups].reverse();
    for (const s of order) for (const kind of s.kinds) for (const conns of connections) {
      const key = `${s.model}|${s.batch}|${kind}|${conns}`;
      const r = await load(s.port, kind, conns);
      results.set(key, [...(results.get(key) ?? []), r]);
      process.stderr.write(`round ${round + 1} ${key}: ${r.rps.toFixed(0)} req/s p50 ${r.p50} ms p99 ${r.p99} ms\n`);
    }
  }
} finally {
  for (const s of setups) s.child.kill('SIGTERM');
}

const med = key => {
  const rs = results.get(key);
  return { rps: median(rs.map(r => r.rps)), p50: median(rs.map(r => r.p50)), p99: median(rs.map(r => r.p99)) };
};
console.log(`| model | server / batching | body | connections | requests/s | p50 ms | p99 ms |`);
console.log(`|---|---|---|---:|---:|---:|---:|`);
for (const key of results.keys()) {
  const [model, batch, kind, conns] = key.split('|');
  const m = med(key);
  const server = { base: `baseline (${process.env.BASE_REF ?? 'main'})`, 1: 'off', 32: 'on (32)' }[batch];
  console.log(`| ${model} | ${server} | ${kind} | ${conns} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} |`);
}
const ratio = (a, b) => (med(a).rps / med(b).rps).toFixed(2);
console.log(`\nAt 64 connections (medians of ${rounds} rounds of ${seconds} s):`);
for (const kind of ['v2 JSON', 'v2 binary'])
  for (const batch of [1, 32])
    console.log(`- cnn ${kind}, batching ${batch === 1 ? 'off' : 'on'} / baseline predict JSON: ${ratio(`cnn|${batch}|${kind}|64`, 'cnn|base|predict JSON|64')}×`);
console.log(`- convnet v2 binary, batching on / off: ${ratio('convnet|32|v2 binary|64', 'convnet|1|v2 binary|64')}× ` +
  `(p99 ${med('convnet|32|v2 binary|64').p99} vs ${med('convnet|1|v2 binary|64').p99} ms)`);
