import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LayersEncoder, NotSupportedError, Random, encoderKinds, preferEncoder, registerEncoder, useBackend, type RecurrentEncoder } from '../../src/index.js';
import { createEncoder } from '../../src/models/encoder/registry.js';

beforeAll(async () => {
  await useBackend('wasm');
});
afterEach(() => preferEncoder('auto'));

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A plain-JS LSTM over one sequence, gates i, f, c, o, sigmoid/tanh, mask carrying state. */
function referenceLstm(x: number[][], mask: number[], W: Float32Array, R: Float32Array, b: Float32Array, F: number, U: number): number[] {
  let h = new Array(U).fill(0);
  let c = new Array(U).fill(0);
  for (let t = 0; t < x.length; t++) {
    if (mask[t] === 0) continue;
    const z = new Array(4 * U).fill(0).map((_, j) => {
      let s = b[j];
      for (let f = 0; f < F; f++) s += x[t][f] * W[f * 4 * U + j];
      for (let u = 0; u < U; u++) s += h[u] * R[u * 4 * U + j];
      return s;
    });
    const nc = c.map((cv, u) => sigmoid(z[U + u]) * cv + sigmoid(z[u]) * Math.tanh(z[2 * U + u]));
    h = nc.map((cv, u) => sigmoid(z[3 * U + u]) * Math.tanh(cv));
    c = nc;
  }
  return h;
}

describe('RecurrentEncoder seam', () => {
  it('LayersEncoder keeps the documented layout and matches a plain-JS LSTM (gates i,f,c,o, sigmoid, masking)', () => {
    const F = 3, U = 4, T = 5;
    const enc = new LayersEncoder({ cell: 'lstm', layers: 1, units: U, recurrentDropout: 0 });
    enc.build(F, new Random(1));
    const w = enc.getWeights();
    expect(Object.keys(w)).toEqual(['layer0/kernel', 'layer0/recurrentKernel', 'layer0/bias']);
    expect(w['layer0/kernel'].shape).toEqual([F, 4 * U]);
    expect(w['layer0/recurrentKernel'].shape).toEqual([U, 4 * U]);
    const bias = w['layer0/bias'].dataSync();
    // Forget-gate bias starts at 1, the other gates at 0.
    expect(Array.from(bias)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const rng = new Random(2);
    const newBias = tf.tensor1d(Array.from({ length: 4 * U }, () => rng.normal() * 0.5));
    enc.setWeights({ ...w, 'layer0/bias': newBias });
    const x = Array.from({ length: 2 }, () => Array.from({ length: T }, () => Array.from({ length: F }, () => rng.normal())));
    const mask = [[0, 0, 1, 1, 1], [1, 1, 1, 1, 1]];
    const out = tf.tidy(() => enc.apply(tf.tensor3d(x), tf.tensor2d(mask), { training: false }).arraySync());
    const W = w['layer0/kernel'].dataSync() as Float32Array;
    const R = w['layer0/recurrentKernel'].dataSync() as Float32Array;
    const B = newBias.dataSync() as Float32Array;
    for (let n = 0; n < 2; n++) {
      const ref = referenceLstm(x[n], mask[n], W, R, B, F, U);
      for (let u = 0; u < U; u++) expect(Math.abs(out[n][u] - ref[u])).toBeLessThan(1e-5);
    }
    tf.dispose([...Object.values(w), newBias]);
    enc.dispose();
  });

  it('falls back to the layers encoder when a registered kernel cannot run, and can be forced', () => {
    let created = 0;
    registerEncoder('test-unsupported', {
      priority: 100,
      supports: () => true,
      create: () => {
        created++;
        throw new NotSupportedError('not here');
      },
    });
    registerEncoder('test-never', { priority: 50, supports: () => false, create: () => { throw new Error('must not be called'); } });
    expect(encoderKinds()).toEqual(expect.arrayContaining(['layers', 'test-unsupported', 'test-never']));
    const spec = { cell: 'gru' as const, layers: 1, units: 2, recurrentDropout: 0 };
    // On a backend no specialised kernel supports, the failing provider is tried, then the generic one runs.
    const encoder: RecurrentEncoder = createEncoder(spec, 'webgl');
    expect(encoder.kind).toBe('layers');
    expect(created).toBe(1);
    // On this backend the next working provider by priority runs (the fused kernel when registered).
    const here = createEncoder(spec);
    expect(here.kind).not.toBe('test-unsupported');
    expect(created).toBe(2);
    preferEncoder('test-never');
    expect(() => createEncoder(spec)).toThrow(NotSupportedError);
    expect(() => preferEncoder('nope')).toThrow(/registered encoder/);
    // Remove the test kernels from 'auto' again.
    registerEncoder('test-unsupported', { priority: -1, supports: () => false, create: () => new LayersEncoder(spec) });
  });
});
