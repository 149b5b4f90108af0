/**
 * Where a ChurnLSTM training step and a predict batch spend their time, phase by phase, on the
 * reference workload (4,096 sequences × 30 steps × 8 features, LSTM(64), batch 256) and the wasm
 * backend. It replays the Trainer's step (src/train/loop.ts trainStep) and BaseModel.predict with
 * clocks between the phases, and times every call into the kernel runner (forward, backward:
 * the wasm kernel plus its thread pool), so "tfjs" phases are the time outside the kernel.
 * Per-step means and medians over epochs 2+ (medians resist a busy machine).
 *
 *   node --import tsx bench/train/phases.ts [--threads 1|2] [--epochs 4]
 */
import * as tf from '@tensorflow/tfjs-core';
import { ChurnLSTM, Random, useBackend, useKernelThreads } from '../../src/index.js';
import { kernelRunner } from '../../src/kernels/threads.js';
import { validateFeatureSet } from '../../src/models/validate.js';
import { TRAINER_DEFAULTS } from '../../src/train/config.js';
import { computeLoss } from '../../src/train/loss.js';
import { applyUpdate } from '../../src/train/loop.js';
import { makeOptimizer } from '../../src/train/optimizers.js';
import { referenceData, type Workload } from './churnkit.js';
import { median } from './fused-common.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const threads = option('threads', 1);
const epochs = Math.max(2, option('epochs', 4));
await useBackend('wasm');
await useKernelThreads(threads);
const w: Workload = { sequences: 4096, steps: 30, features: 8, units: 64, batchSize: 256, epochs, inferRepeats: 3 };
const data = referenceData(w, w.sequences);
const model = new ChurnLSTM({ units: w.units, dropout: 0, l2: 0, heads: { churn: true, renew: false } });
model.initialize(data.features, new Random(1));
const optimizer = makeOptimizer({ ...TRAINER_DEFAULTS.optimizer, learningRate: 1e-3 });
const rng = new Random(2);

/** Milliseconds per phase in the current step, and per phase over the recorded steps. */
let current: Record<string, number> = {};
let steps: Record<string, number>[] = [];
let kernelMs = 0;
const runner = kernelRunner() as unknown as Record<'forward' | 'backward', (...a: unknown[]) => unknown>;
for (const k of ['forward', 'backward'] as const) {
  const call = runner[k].bind(runner);
  runner[k] = (...a: unknown[]) => {
    const t = performance.now();
    try {
      return call(...a);
    } finally {
      const d = performance.now() - t;
      kernelMs += d;
      current[`kernel ${k} (incl. pool)`] = (current[`kernel ${k} (incl. pool)`] ?? 0) + d;
    }
  };
}
/** Runs `f` and books its time, less the kernel's, under `name`. */
function phase<T>(name: string, f: () => T): T {
  const k0 = kernelMs;
  const t0 = performance.now();
  const out = f();
  current[name] = (current[name] ?? 0) + performance.now() - t0 - (kernelMs - k0);
  return out;
}

async function trainStep(rows: ArrayLike<number>): Promise<void> {
  const n = rows.length;
  const targets = phase('batch building', () => {
    const t = { churn: new Float32Array(n), churnWeight: new Float32Array(n).fill(1), renew: new Float32Array(n), renewWeight: new Float32Array(n) };
    for (let i = 0; i < n; i++) t.churn[i] = data.churn[rows[i]];
    return t;
  });
  const batch = phase('batch building', () => model.makeBatch(data.features, rows));
  let forwardMs = 0;
  const { value, grads } = phase('tfjs backward (tape, head gradients)', () =>
    tf.variableGrads(() => {
      const t0 = performance.now();
      const k0 = kernelMs;
      const logits = phase('tfjs forward (head, op glue)', () => model.forward(batch, true, rng));
      const loss = phase('loss', () => computeLoss(logits, targets, TRAINER_DEFAULTS.loss));
      forwardMs = performance.now() - t0 - (kernelMs - k0);
      return loss;
    }, model.trainableVariables()),
  );
  current['tfjs backward (tape, head gradients)'] -= forwardMs;
  model.afterStep();
  phase('clip + Adam', () => applyUpdate(optimizer, grads, TRAINER_DEFAULTS.optimizer));
  const t0 = performance.now();
  await value.data();
  value.dispose();
  tf.dispose([batch.sequences!, batch.mask!, batch.statics]);
  current['loss read + dispose'] = performance.now() - t0;
}

async function predictPass(): Promise<void> {
  phase('validate (once per predict)', () => validateFeatureSet(data.features, model.inputShape));
  for (let start = 0; start < w.sequences; start += w.batchSize) {
    const rows = Array.from({ length: w.batchSize }, (_, i) => start + i);
    const batch = phase('makeBatch', () => model.makeBatch(data.features, rows));
    const out = phase('tfjs forward (head) + sigmoid', () => tf.tidy(() => tf.sigmoid(model.forward(batch, false).churn!)));
    const t0 = performance.now();
    await out.data();
    tf.dispose([out, batch.sequences!, batch.mask!, batch.statics]);
    current['read + dispose'] = (current['read + dispose'] ?? 0) + performance.now() - t0;
    model.afterStep();
    if (start + w.batchSize < w.sequences) {
      steps.push(current);
      current = {};
    }
  }
}

function report(title: string, totalMs: number, count: number): void {
  const names = [...new Set(steps.flatMap((s) => Object.keys(s)))];
  const sum = (name: string) => steps.reduce((s, x) => s + (x[name] ?? 0), 0);
  const outside = names.filter((n) => !n.startsWith('kernel')).reduce((s, n) => s + sum(n), 0);
  console.log(`\n${title}: ${(totalMs / count).toFixed(2)} ms each, ${Math.round((count * w.batchSize) / (totalMs / 1000))} seq/s; outside the kernel ${(outside / count).toFixed(2)} ms (${((100 * outside) / totalMs).toFixed(1)}%)`);
  console.log('| phase | mean ms | median ms | share |\n|---|---:|---:|---:|');
  for (const n of names) {
    console.log(`| ${n} | ${(sum(n) / count).toFixed(2)} | ${median(steps.map((s) => s[n] ?? 0)).toFixed(2)} | ${((100 * sum(n)) / totalMs).toFixed(1)}% |`);
  }
}

let trainMs = 0;
for (let e = 0; e < epochs; e++) {
  if (e === 1) steps = [];
  const order = rng.permutation(w.sequences);
  const t0 = performance.now();
  for (let s = 0; s < w.sequences; s += w.batchSize) {
    current = {};
    await trainStep(order.subarray(s, s + w.batchSize));
    steps.push(current);
  }
  if (e > 0) trainMs += performance.now() - t0;
}
const stepCount = (epochs - 1) * (w.sequences / w.batchSize);
console.log(`ChurnLSTM on wasm, ${threads} kernel thread(s); training epochs 2-${epochs}, predict passes 2-4 (batch ${w.batchSize})`);
report('training step', trainMs, stepCount);

model.markFitted();
let predictMs = 0;
for (let r = 0; r < 4; r++) {
  if (r <= 1) steps = [];
  current = {};
  const t0 = performance.now();
  await predictPass();
  steps.push(current);
  if (r > 0) predictMs += performance.now() - t0;
}
report('predict batch, tensor path (what the phases above replay)', predictMs, (3 * w.sequences) / w.batchSize);

// ChurnLSTM.predict itself scores on arrays with batches overlapped (src/models/host-scoring.ts);
// its phases overlap, so only the whole pass is timed.
const passes: number[] = [];
for (let r = 0; r < 4; r++) {
  const t0 = performance.now();
  await model.predict(data.features, { batchSize: w.batchSize });
  if (r > 0) passes.push(performance.now() - t0);
}
const batchMs = median(passes) / (w.sequences / w.batchSize);
console.log(`\npredict batch, ChurnLSTM.predict (arrays, overlapped): ${batchMs.toFixed(2)} ms each (median of 3 passes), ${Math.round((w.batchSize / batchMs) * 1000)} seq/s`);
optimizer.dispose();
model.dispose();
