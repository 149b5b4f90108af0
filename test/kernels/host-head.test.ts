import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/index.js';
import { HostKernel } from '../../src/kernels/host-kernel.js';
import { hostWideDeepHead } from '../../src/models/host-head.js';
import { Random } from '../../src/models/random.js';
import { adamUpdate } from '../../src/train/fused-adam.js';
import { maxRelError } from './reference.js';

const TOL = 1e-5;

function uniform(rng: Random, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

/**
 * The head as the tfjs ops ChurnLSTM runs elsewhere: relu([enc | table]·W1 + b1) · mask, then
 * [fusion | table]·Wh + bh per head; loss Σ coef·logit so every logit gets its own upstream gradient.
 */
function tfjsHead(enc: tf.Tensor2D, table: tf.Tensor2D, w: tf.Tensor[], mask: Float32Array | undefined, heads: number, coef: Float32Array[]) {
  const f = (e: tf.Tensor, ...ws: tf.Tensor[]) => {
    const pre = tf.add(tf.matMul(tf.concat([e as tf.Tensor2D, table], 1), ws[0] as tf.Tensor2D), ws[1]);
    let deep = tf.relu(pre);
    if (mask) deep = tf.mul(deep, tf.tensor2d(mask, deep.shape as [number, number]));
    const fused = tf.concat([deep as tf.Tensor2D, table], 1);
    const logits = Array.from({ length: heads }, (_, h) => tf.reshape(tf.add(tf.matMul(fused, ws[2 + 2 * h] as tf.Tensor2D), ws[3 + 2 * h]), [-1]));
    return { logits, loss: tf.addN(logits.map((l, h) => tf.sum(tf.mul(l, tf.tensor1d(coef[h]))))) };
  };
  const logits = tf.tidy(() => f(enc, ...w).logits.map((l) => l.dataSync().slice()));
  const grads = tf.tidy(() => tf.grads((e: tf.Tensor, ...ws: tf.Tensor[]) => f(e, ...ws).loss)([enc, ...w]).map((g) => g.dataSync().slice()));
  return { logits, grads };
}

describe('host wide-and-deep head vs the tfjs ops', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const [heads, dropout] of [[1, false], [2, true], [2, false]] as const) {
      it(`${backend}, ${heads} head(s)${dropout ? ', dropout' : ''}: logits and every gradient match to 1e-5`, async () => {
        await useBackend(backend);
        const rng = new Random(heads * 10 + (dropout ? 1 : 0));
        // Odd sizes exercise the product's row and column tails.
        const N = 37, E = 12, S = 7, D = 9;
        const enc = tf.tensor2d(uniform(rng, N * E), [N, E]);
        const table = tf.tensor2d(uniform(rng, N * S, 2), [N, S]);
        const w: tf.Tensor[] = [tf.tensor2d(uniform(rng, (E + S) * D, 0.5), [E + S, D]), tf.tensor1d(uniform(rng, D, 0.2))];
        for (let h = 0; h < heads; h++) w.push(tf.tensor2d(uniform(rng, D + S, 0.5), [D + S, 1]), tf.tensor1d(uniform(rng, 1, 0.2)));
        const mask = dropout ? Float32Array.from({ length: N * D }, () => (rng.next() < 0.7 ? 1 / 0.7 : 0)) : undefined;
        const coef = Array.from({ length: heads }, () => uniform(rng, N));
        const ref = tfjsHead(enc, table, w, mask, heads, coef);
        const before = tf.memory().numTensors;

        const weights = { fusion: [w[0], w[1]] as [tf.Tensor2D, tf.Tensor1D], heads: Array.from({ length: heads }, (_, h) => [w[2 + 2 * h], w[3 + 2 * h]] as [tf.Tensor2D, tf.Tensor1D]) };
        const { value, grads } = tf.tidy(() => {
          const g = tf.grads((e: tf.Tensor, ...ws: tf.Tensor[]) => {
            const out = hostWideDeepHead(e as tf.Tensor2D, table, { fusion: [ws[0], ws[1]] as [tf.Tensor2D, tf.Tensor1D], heads: weights.heads.map((_, h) => [ws[2 + 2 * h], ws[3 + 2 * h]] as [tf.Tensor2D, tf.Tensor1D]) }, { training: true, dropoutMask: mask })!;
            return tf.addN(out.map((l, h) => tf.sum(tf.mul(l, tf.tensor1d(coef[h])))));
          })([enc, ...w]);
          const logits = hostWideDeepHead(enc, table, weights, { training: true, dropoutMask: mask })!;
          return { value: logits.map((l) => l.dataSync().slice()), grads: g.map((t) => t.dataSync().slice()) };
        });
        expect(tf.memory().numTensors).toBe(before);
        for (let h = 0; h < heads; h++) expect(maxRelError(value[h], ref.logits[h])).toBeLessThan(TOL);
        expect(grads).toHaveLength(ref.grads.length);
        grads.forEach((g, i) => expect(maxRelError(g, ref.grads[i])).toBeLessThan(TOL));
        if (mask) expect(mask.some((m) => m === 0)).toBe(true);

        // Inference gives the same logits without a tape.
        if (!mask) {
          const plain = hostWideDeepHead(enc, table, weights, { training: false })!;
          plain.forEach((l, h) => expect(maxRelError(l.dataSync(), value[h])).toBe(0));
          tf.dispose(plain);
        }
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([enc, table, ...w]);
      });
    }
  }
});

describe('HostKernel', () => {
  it('matches a float64 product, plain and with A transposed, and rejects wrong sizes', () => {
    const rng = new Random(3);
    const mm = new HostKernel();
    const [m, n, k] = [13, 6, 21];
    const a = uniform(rng, m * k);
    const b = uniform(rng, k * n);
    const want = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let q = 0; q < k; q++) want[i * n + j] += a[i * k + q] * b[q * n + j];
    expect(maxRelError(mm.matMul(a, b, { m, n, k }), want)).toBeLessThan(1e-5);
    const at = new Float32Array(k * m);
    for (let i = 0; i < m; i++) for (let q = 0; q < k; q++) at[q * m + i] = a[i * k + q];
    expect(maxRelError(mm.matMul(at, b, { m, n, k }, true), want)).toBeLessThan(1e-5);
    expect(() => mm.matMul(a, b, { m, n: n + 1, k })).toThrow(/\[13, 21\] x \[21, 7\]/);
  });
});

describe('HostKernel.adamUpdate', () => {
  it("gives the JS loop's bits (every operation rounded to float32) on 1,003 values of mixed scale", () => {
    const rng = new Random(5);
    const n = 1003; // not a multiple of 4: the SIMD tail
    const scale = () => 10 ** Math.floor(rng.next() * 12 - 8);
    const w = Float32Array.from({ length: n }, () => (rng.next() - 0.5) * scale());
    const g = Float32Array.from({ length: n }, () => (rng.next() - 0.5) * scale());
    const m = Float32Array.from({ length: n }, () => (rng.next() - 0.5) * scale());
    const v = Float32Array.from({ length: n }, () => rng.next() * scale());
    const f = Math.fround;
    const constants = [f(0.9), f(0.1), f(1 - f(0.9 ** 7)), f(0.999), f(1 - 0.999), f(1 - f(0.999 ** 7)), f(1e-7), f(-1e-3)];
    const js = [w.slice(), g, m.slice(), v.slice()] as const;
    adamUpdate(js[0], js[1], js[2], js[3], constants);
    const simd = [w.slice(), g, m.slice(), v.slice()] as const;
    new HostKernel().adamUpdate(simd[0], simd[1], simd[2], simd[3], constants);
    expect(Array.from(simd[0])).toEqual(Array.from(js[0]));
    expect(Array.from(simd[2])).toEqual(Array.from(js[2]));
    expect(Array.from(simd[3])).toEqual(Array.from(js[3]));
    // The step moved the weights (the comparison is not between two no-ops).
    expect(simd[0].some((x, i) => x !== w[i])).toBe(true);
    expect(() => new HostKernel().adamUpdate(w, g.subarray(1), m, v, constants)).toThrow(/1003 values, 1002 gradients/);
  });
});
