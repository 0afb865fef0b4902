// The few ModelProto fields the interop scripts need (metadata, graph inputs, float initializers),
// read with a minimal protobuf wire-format decoder so no generated ONNX schema is needed.

function* fields(buf, start = 0, end = buf.length) {
  let pos = start;
  const varint = () => {
    let result = 0n, shift = 0n;
    for (;;) {
      const byte = buf[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < end) {
    const key = Number(varint());
    const field = key >>> 3, wire = key & 7;
    if (wire === 0) yield { field, value: varint() };
    else if (wire === 1) { yield { field, start: pos, end: pos + 8 }; pos += 8; }
    else if (wire === 5) { yield { field, start: pos, end: pos + 4 }; pos += 4; }
    else if (wire === 2) { const n = Number(varint()); yield { field, start: pos, end: pos + n }; pos += n; }
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
}

function packedVarints(buf, start, end) {
  const values = [];
  let value = 0n, shift = 0n;
  for (let pos = start; pos < end; pos++) {
    value |= BigInt(buf[pos] & 0x7f) << shift;
    shift += 7n;
    if ((buf[pos] & 0x80) === 0) { values.push(Number(value)); value = 0n; shift = 0n; }
  }
  return values;
}

const text = (buf, f) => new TextDecoder().decode(buf.subarray(f.start, f.end));

function tensor(buf, start, end) {
  const t = { name: '', dims: [], type: 0, raw: null, floats: [] };
  for (const f of fields(buf, start, end)) {
    if (f.field === 1) {
      if (f.value !== undefined) t.dims.push(Number(f.value));
      else t.dims.push(...packedVarints(buf, f.start, f.end));
    } else if (f.field === 2) t.type = Number(f.value);
    else if (f.field === 8) t.name = text(buf, f);
    else if (f.field === 9) t.raw = Uint8Array.prototype.slice.call(buf, f.start, f.end); // a copy, 4-byte aligned
    else if (f.field === 4) {
      const view = new DataView(buf.buffer, buf.byteOffset + f.start, f.end - f.start);
      for (let i = 0; i + 4 <= view.byteLength; i += 4) t.floats.push(view.getFloat32(i, true));
    }
  }
  return t;
}

function valueInfo(buf, start, end) {
  const v = { name: '', elemType: 0, dims: [] };
  for (const f of fields(buf, start, end)) {
    if (f.field === 1) v.name = text(buf, f);
    else if (f.field === 2) for (const tt of fields(buf, f.start, f.end)) {
      if (tt.field !== 1) continue; // tensor_type
      for (const t of fields(buf, tt.start, tt.end)) {
        if (t.field === 1) v.elemType = Number(t.value);
        else if (t.field === 2) for (const d of fields(buf, t.start, t.end))
          for (const dv of fields(buf, d.start, d.end)) v.dims.push(dv.field === 1 ? Number(dv.value) : text(buf, dv));
      }
    }
  }
  return v;
}

/** { metadata: {key: value}, inputs: [{name, elemType, dims}], initializers: {name: {dims, data: Float32Array}} } */
export function readModel(buf) {
  const model = { metadata: {}, inputs: [], initializers: {} };
  for (const f of fields(buf)) {
    if (f.field === 14) {
      let key = '', value = '';
      for (const kv of fields(buf, f.start, f.end)) { if (kv.field === 1) key = text(buf, kv); else if (kv.field === 2) value = text(buf, kv); }
      model.metadata[key] = value;
    } else if (f.field === 7) {
      for (const g of fields(buf, f.start, f.end)) {
        if (g.field === 11) model.inputs.push(valueInfo(buf, g.start, g.end));
        else if (g.field === 5) {
          const t = tensor(buf, g.start, g.end);
          if (t.type !== 1) continue; // float initializers only
          const data = t.raw ? new Float32Array(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength / 4) : Float32Array.from(t.floats);
          model.initializers[t.name] = { dims: t.dims, data: Float32Array.from(data) };
        }
      }
    }
  }
  return model;
}
