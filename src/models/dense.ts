import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { onHostBackend } from '../backend/host-memory.js';
import { glorotUniform } from './init.js';
import type { Random } from './random.js';

type DenseLayer = ReturnType<typeof tfl.layers.dense>;

/**
 * A tfjs-layers Dense layer built eagerly with churnkit's seeded Glorot-uniform kernel and zero
 * bias; the activation is applied by the caller so heads can return logits. @internal
 */
export class Dense {
  private readonly layer: DenseLayer;

  constructor(readonly inputs: number, readonly units: number, rng: Random) {
    this.layer = tfl.layers.dense({ units, useBias: true, kernelInitializer: 'zeros', biasInitializer: 'zeros' });
    this.layer.build([null, inputs]);
    (this.layer as unknown as { built: boolean }).built = true;
    const values = [tf.tensor2d(glorotUniform(rng, inputs, units), [inputs, units]), tf.zeros([units])];
    this.layer.setWeights(values);
    tf.dispose(values);
  }

  /**
   * `x` `[B, inputs]` → `[B, units]` (no activation). `training` says whether a gradient will be
   * taken through this call (default true).
   */
  apply(x: tf.Tensor2D, training = true): tf.Tensor2D {
    // The same fused product + bias the tfjs-layers Dense runs, without Layer.apply's per-call
    // bookkeeping. On wasm, under training, with our gradient (see denseOp).
    const [kernel, bias] = this.variables() as unknown as [tf.Tensor2D, tf.Tensor1D];
    if (training && tf.getBackend() === 'wasm') return denseOp(x, kernel, bias);
    return tf.fused.matMul({ a: x, b: kernel, bias }) as tf.Tensor2D;
  }

  /** `[kernel, bias]`. */
  variables(): [tf.Variable, tf.Variable] {
    const [kernel, bias] = this.layer.trainableWeights.map((w) => w.read() as tf.Variable);
    return [kernel, bias];
  }

  /** Frees the weights. */
  dispose(): void {
    // Layer.dispose() refuses layers never called symbolically; free the variables directly.
    for (const w of this.layer.weights) w.dispose();
  }
}

/**
 * `x·W + b` with the gradient tfjs gives a fused matMul (dx = dy·Wᵀ, dW = xᵀ·dy, db = Σ dy), except
 * that on the wasm backend the transposes are explicit: its BatchMatMul runs a transposed operand
 * through a slow scalar loop, while a transpose plus a plain product goes through XNNPACK (about 3×
 * faster for ChurnLSTM's fusion layer). Same values up to float rounding of the sums.
 */
const denseOp = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => {
  const [x, kernel, bias] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const save = args[3] as (saved: tf.Tensor[]) => void;
  save([x, kernel]);
  return {
    value: tf.fused.matMul({ a: x, b: kernel, bias }),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = (Array.isArray(dy) ? dy[0] : dy) as tf.Tensor2D;
      const [xs, ks] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(g, tf.transpose(ks)), tf.matMul(tf.transpose(xs), g), tf.sum(g, 0)];
    },
  };
}) as unknown as (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

/**
 * `concat([learned, data], 1)` where only `learned` needs a gradient (`data` is the batch's
 * scaled table). On the cpu and wasm backends, under training, the gradient is cut out of the
 * upstream gradient in JS: tfjs's concat gradient is a split, and on wasm a column slice of a
 * [256, 89] tensor costs ~0.5 ms, against ~0.03 ms for this copy. Same values either way. @internal
 */
export function joinColumns(learned: tf.Tensor2D, data: tf.Tensor2D, training: boolean): tf.Tensor2D {
  if (!training || !onHostBackend()) return tf.concat([learned, data], 1);
  const [rows, left] = learned.shape;
  const width = left + data.shape[1];
  const op = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => ({
    value: tf.concat([args[0] as tf.Tensor2D, data], 1),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
      const g = (Array.isArray(dy) ? dy[0] : dy).dataSync() as Float32Array;
      const out = new Float32Array(rows * left);
      for (let r = 0; r < rows; r++) out.set(g.subarray(r * width, r * width + left), r * left);
      return [tf.tensor2d(out, [rows, left])];
    },
  }));
  return (op as unknown as (x: tf.Tensor2D) => tf.Tensor2D)(learned);
}

/** The inverted-dropout scale of `size` values (1/keep or 0), drawn in order from `rng`. @internal */
export function dropoutMask(size: number, rate: number, rng: Random): Float32Array {
  const keep = 1 - rate;
  const values = new Float32Array(size);
  for (let i = 0; i < values.length; i++) values[i] = rng.next() < keep ? 1 / keep : 0;
  return values;
}

/** Inverted dropout with a mask from churnkit's seeded Random. @internal */
export function seededDropout(x: tf.Tensor2D, rate: number, rng: Random | undefined): tf.Tensor2D {
  if (!rng || rate <= 0) return x;
  const values = dropoutMask(x.size, rate, rng);
  return tf.tidy(() => tf.mul(x, tf.tensor2d(values, x.shape)));
}
