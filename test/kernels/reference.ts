import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { FusedCell, FusedRecurrentActivation, RecurrentShape } from '../../src/kernels/index.js';
import { mulberry32 } from '../helpers/mulberry32.js';

/** Seeded uniform draws (mulberry32); shared by the tests' fixtures. */
export const rng = mulberry32;

/** `n` values uniform in [-scale, scale). */
export function randomArray(rand: () => number, n: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * scale;
  return out;
}

/** Everything one comparison case needs: inputs, weights, upstream gradients. */
export interface RecurrentCase {
  cell: FusedCell;
  shape: RecurrentShape;
  activation: FusedRecurrentActivation;
  x: Float32Array;
  mask: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
  h0: Float32Array;
  c0: Float32Array;
  /** Upstream gradient for the sequence output [N,T,U]. */
  gSeq: Float32Array;
  /** Upstream gradient for the final h [N,U]. */
  gH: Float32Array;
  /** Upstream gradient for the final c [N,U]. */
  gC: Float32Array;
}

/** A random case: weights ~U(-0.5,0.5), inputs ~U(-1,1), masks with padded steps anywhere (also leading). */
export function randomCase(cell: FusedCell, shape: RecurrentShape, seed: number, activation: FusedRecurrentActivation = 'sigmoid'): RecurrentCase {
  const r = rng(seed);
  const { batch: N, steps: T, features: F, units: U } = shape;
  const G = (cell === 'lstm' ? 4 : 3) * U;
  const mask = new Float32Array(N * T);
  for (let i = 0; i < N * T; i++) mask[i] = r() < 0.3 ? 0 : 1;
  return {
    cell, shape, activation, mask,
    x: randomArray(r, N * T * F), kernel: randomArray(r, F * G, 0.5), recurrentKernel: randomArray(r, U * G, 0.5),
    bias: randomArray(r, G, 0.5), h0: randomArray(r, N * U, 0.5), c0: randomArray(r, N * U, 0.5),
    gSeq: randomArray(r, N * T * U), gH: randomArray(r, N * U), gC: randomArray(r, N * U),
  };
}

/** Outputs and gradients, as plain arrays. */
export interface RecurrentResult {
  seq: Float32Array;
  h: Float32Array;
  c?: Float32Array;
  loss: number;
  dX: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
  dH0: Float32Array;
  dC0?: Float32Array;
}

/**
 * The reference: tfjs-layers' own LSTM/GRU layer with the case's weights, called with the mask and
 * initial states; gradients of loss = sum(seq*gSeq) + sum(h*gH) [+ sum(c*gC)] via tf.variableGrads.
 */
export function tfjsReference(c: RecurrentCase): RecurrentResult {
  const { batch: N, steps: T, features: F, units: U } = c.shape;
  const lstm = c.cell === 'lstm';
  // Zero initialisers: the case's weights are set right after build (and orthogonal needs chained ops).
  const args = {
    units: U, recurrentActivation: c.activation, returnSequences: true, returnState: true,
    kernelInitializer: 'zeros', recurrentInitializer: 'zeros',
  } as const;
  const layer = lstm ? tfl.layers.lstm(args) : tfl.layers.gru(args);
  return tf.tidy((() => {
    const xv = tf.variable(tf.tensor3d(c.x, [N, T, F]), true, 'ref_x');
    const h0v = tf.variable(tf.tensor2d(c.h0, [N, U]), true, 'ref_h0');
    const c0v = tf.variable(tf.tensor2d(c.c0, [N, U]), true, 'ref_c0');
    const mask = tf.tensor2d(c.mask, [N, T]);
    const states = lstm ? [h0v, c0v] : [h0v];
    layer.apply(xv, { mask, initialState: states });
    layer.setWeights([
      tf.tensor2d(c.kernel, [F, c.kernel.length / F]),
      tf.tensor2d(c.recurrentKernel, [U, c.recurrentKernel.length / U]),
      tf.tensor1d(c.bias),
    ]);
    let outs: tf.Tensor[] = [];
    const weights = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const vars = [xv, h0v, ...(lstm ? [c0v] : []), ...weights];
    const { value, grads } = tf.variableGrads(() => {
      outs = layer.apply(xv, { mask, initialState: states }) as tf.Tensor[];
      const [seq, h, cT] = outs;
      let loss = tf.add(tf.sum(tf.mul(seq, tf.tensor3d(c.gSeq, [N, T, U]))), tf.sum(tf.mul(h, tf.tensor2d(c.gH, [N, U]))));
      if (lstm) loss = tf.add(loss, tf.sum(tf.mul(cT, tf.tensor2d(c.gC, [N, U]))));
      return loss as tf.Scalar;
    }, vars);
    const fwd = layer.apply(xv, { mask, initialState: states }) as tf.Tensor[];
    const g = (v: tf.Variable): Float32Array => grads[v.name].dataSync() as Float32Array;
    const result: RecurrentResult = {
      seq: fwd[0].dataSync() as Float32Array, h: fwd[1].dataSync() as Float32Array, loss: value.dataSync()[0],
      dX: g(xv), dKernel: g(weights[0]), dRecurrentKernel: g(weights[1]), dBias: g(weights[2]), dH0: g(h0v),
    };
    if (lstm) {
      result.c = fwd[2].dataSync() as Float32Array;
      result.dC0 = g(c0v);
    }
    for (const v of [xv, h0v, c0v]) v.dispose();
    layer.dispose();
    return result;
  }) as unknown as () => tf.TensorContainer) as unknown as RecurrentResult;
}

/** Largest |a - b| / max(1, |b|) over two arrays of the same length. */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}
