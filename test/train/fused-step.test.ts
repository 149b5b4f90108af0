import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../src/index.js';
import { Dense, joinColumns } from '../../src/models/dense.js';
import { Random } from '../../src/models/random.js';
import { clipGradients } from '../../src/train/clipping.js';
import { FusedAdam } from '../../src/train/fused-adam.js';
import { hostCrossEntropy, tensorLoss, type BatchTargets } from '../../src/train/loss.js';
import type { LossConfig } from '../../src/train/config.js';

// The training step's host-side shortcuts on cpu/wasm (clip + Adam on arrays, the cross-entropy as
// one op, Dense's gradient with explicit transposes) against the tfjs ops they replace.

const SHAPES = [[8, 16], [4, 16], [16], [21, 3], [3]];

function randomArrays(rng: Random, scale: number): Float32Array[] {
  return SHAPES.map((s) => Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => (rng.next() * 2 - 1) * scale));
}

/** Trains two copies of the same variables, one with tfjs's Adam + clipGradients, one with FusedAdam. */
function adamRun(backend: string, clipNorm: number, clipValue: number) {
  const rng = new Random(7);
  const init = randomArrays(rng, 1);
  const make = () => init.map((v, i) => tf.tidy(() => tf.variable(tf.tensor(v, SHAPES[i]))));
  const a = make();
  const b = make();
  const reference: tf.Optimizer = tf.train.adam(2e-3, 0.9, 0.999, 1e-7);
  const fused = new FusedAdam(2e-3, 0.9, 0.999, 1e-7);
  expect(fused.fused).toBe(backend === 'cpu' || backend === 'wasm');
  for (let step = 0; step < 25; step++) {
    // Alternate large gradients (clipping bites) and small ones (it does not).
    const grads = randomArrays(rng, step % 3 === 0 ? 4 : 0.02);
    const ga: tf.NamedTensorMap = {};
    const gb: tf.NamedTensorMap = {};
    a.forEach((v, i) => (ga[v.name] = tf.tensor(grads[i], SHAPES[i])));
    b.forEach((v, i) => (gb[v.name] = tf.tensor(grads[i], SHAPES[i])));
    const clipped = clipGradients(ga, clipNorm, clipValue);
    reference.applyGradients(clipped);
    tf.dispose(Object.values(clipped));
    fused.applyClippedGradients(gb, clipNorm, clipValue);
    tf.dispose(Object.values(gb));
  }
  const weights = (vs: tf.Variable[]) => vs.map((v) => Array.from(v.dataSync()));
  return { a: weights(a), b: weights(b), moved: Math.abs(a[1].dataSync()[0] - init[1][0]), reference, fused, dispose: () => tf.dispose([...a, ...b]) };
}

describe('FusedAdam (clip + Adam on arrays)', () => {
  it('matches tfjs Adam + clipGradients bit for bit on wasm, with and without each clip', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    for (const [clipNorm, clipValue] of [[1, 0], [0, 0.5], [1, 0.5], [0, 0]]) {
      const run = adamRun('wasm', clipNorm, clipValue);
      expect(run.b).toEqual(run.a);
      expect(run.moved).toBeGreaterThan(1e-4);
      // Saved optimizer state has tfjs's names and values (moments, iterations).
      const [ra, fa] = [await run.reference.getWeights(), await run.fused.getWeights()];
      expect(fa.map((w) => w.name.replace(/^\d+/, ''))).toEqual(ra.map((w) => w.name.replace(/^\d+/, '')));
      fa.forEach((w, i) => expect(Array.from(w.tensor.dataSync())).toEqual(Array.from(ra[i].tensor.dataSync())));
      tf.dispose([ra[0].tensor, fa[0].tensor]);
      run.reference.dispose();
      run.fused.dispose();
      run.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('agrees with tfjs on cpu to float32 rounding (its Sum accumulates in float64)', async () => {
    await useBackend('cpu');
    const run = adamRun('cpu', 1, 0);
    run.a.forEach((w, i) => w.forEach((x, j) => expect(run.b[i][j]).toBeCloseTo(x, 6)));
    run.reference.dispose();
    run.fused.dispose();
    run.dispose();
  });

  it('continues from state set with setWeights, and hands its state to tfjs for a plain applyGradients', async () => {
    await useBackend('wasm');
    const v = tf.variable(tf.tensor1d([0.5, -0.25, 1]));
    const w = tf.variable(tf.tensor1d([0.5, -0.25, 1]));
    const reference: tf.Optimizer = tf.train.adam(1e-2, 0.9, 0.999, 1e-7);
    const fused = new FusedAdam(1e-2, 0.9, 0.999, 1e-7);
    const grad = [0.3, -0.2, 0.1];
    for (let s = 0; s < 3; s++) {
      const [g1, g2] = [tf.tensor1d(grad), tf.tensor1d(grad)];
      reference.applyGradients({ [v.name]: g1 });
      fused.applyClippedGradients({ [w.name]: g2 }, 0, 0);
      tf.dispose([g1, g2]);
    }
    // A second FusedAdam resumes from the first one's saved state.
    const resumed = new FusedAdam(1e-2, 0.9, 0.999, 1e-7);
    const state = await fused.getWeights();
    await resumed.setWeights(state);
    const [g1, g2] = [tf.tensor1d(grad), tf.tensor1d(grad)];
    reference.applyGradients({ [v.name]: g1 });
    resumed.applyGradients({ [w.name]: g2 });
    expect(Array.from(w.dataSync())).toEqual(Array.from(v.dataSync()));
    tf.dispose([g1, g2, state[0].tensor, v, w]);
    reference.dispose();
    fused.dispose();
    resumed.dispose();
  });
});

describe('host cross-entropy against the tensor loss', () => {
  const targets: BatchTargets = {
    churn: Float32Array.from([1, 0, 0, 1, 1, 0]),
    churnWeight: Float32Array.from([2.5, 0.7, 0.7, 2.5, 2.5, 0.7]),
    renew: Float32Array.from([1, 0, 0, 1, 0, 0]),
    renewWeight: Float32Array.from([1, 0, 1, 1, 0, 1]),
  };
  const config: LossConfig = { classWeight: 'balanced', focal: false, renewWeight: 0.5 };
  const churn = [3.2, -1.5, 0, 0.25, -7, 40];
  const renew = [-0.5, 90, 2, -2.25, -90, 0.125];

  for (const backend of ['cpu', 'wasm']) {
    it(`gives the same value and logit gradients on ${backend}`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const measure = (loss: typeof tensorLoss) =>
        tf.tidy(() => {
          const c = tf.tensor1d(churn);
          const r = tf.tensor1d(renew);
          const { value, grads } = tf.valueAndGrads((cc: tf.Tensor, rr: tf.Tensor) => loss({ churn: cc as tf.Tensor1D, renew: rr as tf.Tensor1D }, targets, config))([c, r]);
          return { value: value.dataSync()[0], churn: Array.from(grads[0].dataSync()), renew: Array.from(grads[1].dataSync()) };
        });
      const host = measure(hostCrossEntropy);
      const tensor = measure(tensorLoss);
      expect(host.value).toBeCloseTo(tensor.value, 5);
      host.churn.forEach((g, i) => expect(g).toBeCloseTo(tensor.churn[i], 6));
      host.renew.forEach((g, i) => expect(g).toBeCloseTo(tensor.renew[i], 6));
      // Unlabelled renewals pass no gradient; the logit at 0 gets w·(½ − y)/n like tfjs's subgradients.
      expect(host.renew[1]).toBe(0);
      expect(host.churn[2]).toBeCloseTo((0.7 * 0.5) / 6, 7);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('Dense gradient with explicit transposes on wasm', () => {
  it('equals the gradient tfjs derives for x·W + b on cpu, to float32 rounding', async () => {
    const rng = new Random(3);
    const x = Float32Array.from({ length: 12 * 7 }, () => rng.next() * 2 - 1);
    const run = async (backend: string) => {
      await useBackend(backend);
      const layer = new Dense(7, 5, new Random(11));
      const [kernel, bias] = layer.variables();
      const out = tf.tidy(() => {
        const input = tf.tensor2d(x, [12, 7]);
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(input))) as tf.Scalar, [kernel, bias]);
        const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.square(layer.apply(xi as tf.Tensor2D))))(input);
        return { value: value.dataSync()[0], dW: Array.from(grads[kernel.name].dataSync()), db: Array.from(grads[bias.name].dataSync()), dx: Array.from(dx.dataSync()) };
      });
      layer.dispose();
      return out;
    };
    const reference = await run('cpu');
    const wasm = await run('wasm');
    expect(wasm.value).toBeCloseTo(reference.value, 4);
    for (const k of ['dW', 'db', 'dx'] as const) wasm[k].forEach((g, i) => expect(g).toBeCloseTo(reference[k][i], 5));
    expect(reference.dW.some((g) => Math.abs(g) > 0.1)).toBe(true);
  });
});

describe('joinColumns (the fusion layer and heads take [learned, table])', () => {
  for (const backend of ['cpu', 'wasm']) {
    it(`passes the same gradient to the learned part as tf.concat on ${backend}, and joins the same values`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const rng = new Random(5);
      const a = Float32Array.from({ length: 6 * 4 }, () => rng.next() - 0.5);
      const d = Float32Array.from({ length: 6 * 3 }, () => rng.next() - 0.5);
      const weights = Float32Array.from({ length: 6 * 7 }, () => rng.next() - 0.5);
      const measure = (join: (x: tf.Tensor2D, data: tf.Tensor2D) => tf.Tensor2D) =>
        tf.tidy(() => {
          const data = tf.tensor2d(d, [6, 3]);
          const w = tf.tensor2d(weights, [6, 7]);
          const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => tf.sum(tf.mul(tf.square(join(x as tf.Tensor2D, data)), w)))([tf.tensor2d(a, [6, 4])]);
          return { value: value.dataSync()[0], joined: Array.from(join(tf.tensor2d(a, [6, 4]), data).dataSync()), grad: Array.from(grads[0].dataSync()) };
        });
      const ours = measure((x, data) => joinColumns(x, data, true));
      const reference = measure((x, data) => tf.concat([x, data], 1));
      expect(ours).toEqual(reference);
      expect(ours.grad.some((g) => Math.abs(g) > 0.01)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
