/**
 * Source of a kernel worker, as a string so the same code starts a Node worker_threads Worker
 * (`eval: true`) and a browser Web Worker (from a Blob URL) with no file to locate and no bundler step.
 * Plain JavaScript, self-contained: it receives the compiled kernel module and a shared exchange
 * buffer, runs its slice of the batch on its own kernel instance and memory, and counts itself done
 * on a shared Int32Array the calling thread waits on.
 *
 * Messages: {op:'init', module, exchange, ctrl}, {op:'exchange', exchange},
 * {op:'forward'|'backward'|'release'|'encode', ...}. Float offsets below index the exchange as a Float32Array.
 */
export const KERNEL_WORKER_SOURCE = String.raw`
'use strict';
const port = (typeof self !== 'undefined' && typeof self.postMessage === 'function')
  ? self : require('node:worker_threads').parentPort;
let wasm, ex, ctrl;
const live = [];
const tapes = new Map();
function alloc(bytes) {
  const size = Math.max(16, Math.ceil(bytes / 16) * 16);
  let cursor = Math.ceil(wasm.__heap_base.value / 16) * 16, i = 0;
  for (; i < live.length; i++) { if (live[i][0] - cursor >= size) break; cursor = live[i][1]; }
  const end = cursor + size, have = wasm.memory.buffer.byteLength;
  if (end > have) wasm.memory.grow(Math.ceil((end - have) / 65536));
  live.splice(i, 0, [cursor, end]);
  return cursor;
}
function free(off) { const i = live.findIndex((r) => r[0] === off); if (i >= 0) live.splice(i, 1); }
function f32(off, n) { return new Float32Array(wasm.memory.buffer, off, n); }
function layout(sizes, base) {
  const at = {}; let b = 0;
  for (const k of Object.keys(sizes)) { at[k] = base + b; b += Math.ceil((sizes[k] * 4) / 16) * 16; }
  return { bytes: b, at };
}
function region(sizes) {
  const probe = layout(sizes, 0);
  const start = alloc(probe.bytes);
  return { start, at: layout(sizes, start).at };
}
function copyIn(dst, off, n) { f32(dst, n).set(ex.subarray(off, off + n)); }
function copyOut(src, off, n) { ex.set(f32(src, n), off); }
// One job per shard (training) or one per thread share (inference): {n0, N} rows of the batch.
function forward(m) {
  const { id, cell, T, F, U, hard, seq, o } = m;
  const lstm = cell === 'lstm', G = (lstm ? 4 : 3) * U, bare = !m.keep;
  const kept = [];
  for (const { n0, N } of m.jobs) {
    const NT = N * T;
    const r = region({ x: NT * F, mask: o.mask >= 0 ? NT : 0, W: F * G, R: U * G, b: G, h: N * U, c: lstm ? N * U : 0,
      hseq: seq ? NT * U : 0, Z: bare ? N * G : NT * G, Hp: bare ? 0 : NT * U, S1: bare ? (lstm ? 0 : N * U) : NT * U, S2: lstm && !bare ? NT * U : 0,
      XH: lstm ? N * (F + U) : 0 });
    const a = r.at;
    copyIn(a.x, o.x + n0 * T * F, NT * F);
    const pm = o.mask >= 0 ? (copyIn(a.mask, o.mask + n0 * T, NT), a.mask) : 0;
    copyIn(a.W, o.W, F * G); copyIn(a.R, o.R, U * G); copyIn(a.b, o.b, G);
    if (lstm) wasm.lstm_forward(N, T, F, U, a.x, pm, a.W, a.R, a.b, 0, 0, hard, seq ? a.hseq : 0, a.h, a.c, a.Z, bare ? 0 : a.Hp, a.S1, a.S2, a.XH);
    else wasm.gru_forward(N, T, F, U, a.x, pm, a.W, a.R, a.b, 0, hard, seq ? a.hseq : 0, a.h, a.Z, bare ? 0 : a.Hp, a.S1);
    copyOut(a.h, o.h + n0 * U, N * U);
    if (lstm && o.c >= 0) copyOut(a.c, o.c + n0 * U, N * U);
    if (seq) copyOut(a.hseq, o.hseq + n0 * T * U, NT * U);
    if (m.keep) kept.push({ r, N, T, F, U, lstm, hard, pm }); else free(r.start);
  }
  if (m.keep) tapes.set(id, kept);
}
// Inference through a stack of layers, on pieces of rows claimed from the shared cursor ctrl[2] until
// none are left (the calling thread claims from it too; encode.ts pieceRows is the same rule). Layer
// i > 0 reads layer i - 1's sequence straight from this worker's memory; only the last layer's final
// state goes back.
function claim(m) {
  for (;;) {
    const s = Atomics.load(ctrl, 2);
    if (s >= m.N) return null;
    const p = m.piece, n = Math.min(m.N - s, p.fixed > 0 ? p.fixed : Math.max(p.min, 4 * Math.ceil((m.N - s) / (8 * p.threads))));
    if (Atomics.compareExchange(ctrl, 2, s, s + n) === s) return [s, n];
  }
}
function encode(m) {
  const { cell, T, U, hard, o } = m;
  const lstm = cell === 'lstm', G = (lstm ? 4 : 3) * U;
  for (let job = claim(m); job; job = claim(m)) {
    const [n0, N] = job, NT = N * T;
    const pm = o.mask >= 0 ? alloc(NT * 4) : 0;
    if (pm) copyIn(pm, o.mask + n0 * T, NT);
    let px = 0, prev = 0;
    m.layers.forEach((w, i) => {
      const F = i === 0 ? m.F : U, last = i === m.layers.length - 1;
      const r = region({ x: i === 0 ? NT * F : 0, W: F * G, R: U * G, b: G, h: N * U, c: lstm ? N * U : 0,
        hseq: last ? 0 : NT * U, Z: N * G, S1: lstm ? 0 : N * U, XH: lstm ? N * (F + U) : 0 });
      const a = r.at;
      if (i === 0) { copyIn(a.x, o.x + n0 * T * F, NT * F); px = a.x; }
      copyIn(a.W, w.W, F * G); copyIn(a.R, w.R, U * G); copyIn(a.b, w.b, G);
      if (lstm) wasm.lstm_forward(N, T, F, U, px, pm, a.W, a.R, a.b, 0, 0, hard, last ? 0 : a.hseq, a.h, a.c, a.Z, 0, 0, 0, a.XH);
      else wasm.gru_forward(N, T, F, U, px, pm, a.W, a.R, a.b, 0, hard, last ? 0 : a.hseq, a.h, a.Z, 0, a.S1);
      if (prev) free(prev);
      if (last) { copyOut(a.h, o.h + n0 * U, N * U); free(r.start); } else { px = a.hseq; prev = r.start; }
    });
    if (pm) free(pm);
  }
}
// Each shard's weight gradients go to that shard's own slot; the calling thread sums them in order.
function backward(m) {
  const kept = tapes.get(m.id);
  if (!kept) throw new Error('kernel worker: no tape ' + m.id);
  tapes.delete(m.id);
  const o = m.o;
  m.jobs.forEach((job, k) => {
    const t = kept[k];
    const { N, T, F, U, lstm, hard, pm } = t, f = t.r.at, n0 = job.n0;
    const G = (lstm ? 4 : 3) * U, NT = N * T;
    const r = region({ dS: o.dSeq >= 0 ? NT * U : 0, dhT: o.dH >= 0 ? N * U : 0, dX: o.dX >= 0 ? NT * F : 0,
      dW: F * G, dR: U * G, db: G, dh: N * U, dc: lstm ? N * U : 0, dZ: lstm ? N * G : NT * G, RT: G * U, WT: G * F, DRH: lstm ? 0 : N * U });
    const a = r.at;
    const pS = o.dSeq >= 0 ? (copyIn(a.dS, o.dSeq + n0 * T * U, NT * U), a.dS) : 0;
    const pH = o.dH >= 0 ? (copyIn(a.dhT, o.dH + n0 * U, N * U), a.dhT) : 0;
    const pX = o.dX >= 0 ? a.dX : 0;
    if (lstm) wasm.lstm_backward(N, T, F, U, f.x, pm, f.W, f.R, hard, f.Z, f.Hp, f.S1, f.S2, pS, pH, 0, pX, a.dW, a.dR, a.db, a.dh, a.dc, a.dZ, a.RT, a.WT);
    else wasm.gru_backward(N, T, F, U, f.x, pm, f.W, f.R, hard, f.Z, f.Hp, f.S1, pS, pH, pX, a.dW, a.dR, a.db, a.dh, a.dZ, a.RT, a.WT, a.DRH);
    if (pX) copyOut(a.dX, o.dX + n0 * T * F, NT * F);
    copyOut(a.dW, job.dW, F * G); copyOut(a.dR, job.dR, U * G); copyOut(a.db, job.db, G);
    free(r.start);
    free(t.r.start);
  });
}
function release(m) { const kept = tapes.get(m.id); if (kept) { tapes.delete(m.id); for (const t of kept) free(t.r.start); } }
port.addEventListener ? port.addEventListener('message', onMessage) : port.on('message', (d) => onMessage({ data: d }));
function onMessage(e) {
  const m = e.data;
  let failed = false;
  try {
    if (m.op === 'init') { wasm = new WebAssembly.Instance(m.module, {}).exports; ctrl = new Int32Array(m.ctrl); }
    if (m.op === 'init' || m.op === 'exchange') ex = new Float32Array(m.exchange);
    else if (m.op === 'forward') forward(m);
    else if (m.op === 'backward') backward(m);
    else if (m.op === 'release') release(m);
    else if (m.op === 'encode') encode(m);
  } catch (err) {
    failed = true;
    port.postMessage({ error: String(err && err.stack || err) });
  }
  if (failed) Atomics.add(ctrl, 1, 1);
  Atomics.add(ctrl, 0, 1);
  Atomics.notify(ctrl, 0);
}
`;
