import * as tf from '@tensorflow/tfjs-core';
import { onHostBackend } from '../backend/host-memory.js';

/**
 * `l2 · Σ_k Σ w²` over `kernels`, differentiable. On the cpu and wasm backends it is one op on plain
 * arrays: as tensor ops it was ~70 small kernels per training step for ChurnLSTM's five kernels (square,
 * sum, addN, mul and their gradients), about 9% of a default-configuration epoch. Its gradient is tfjs's to
 * the bit (dy·l2, times 2w, each product rounded to float32); the value is summed in float64, so it
 * may differ from the tensor version's float32 sums in the last bits. @internal
 */
export function l2Penalty(kernels: tf.Tensor[], l2: number): tf.Scalar {
  if (!onHostBackend()) return tensorL2Penalty(kernels, l2);
  const op = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => {
    const values = kernels.map((_, i) => (args[i] as tf.Tensor).dataSync() as Float32Array);
    let total = 0;
    for (const w of values) for (let i = 0; i < w.length; i++) total += w[i] * w[i];
    return {
      value: tf.scalar(total * l2),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const d = Math.fround((Array.isArray(dy) ? dy[0] : dy).dataSync()[0] * Math.fround(l2));
        return values.map((w, k) => {
          const g = new Float32Array(w.length);
          for (let i = 0; i < w.length; i++) g[i] = d * (2 * w[i]);
          return tf.tensor(g, kernels[k].shape);
        });
      },
    };
  });
  return (op as unknown as (...t: tf.Tensor[]) => tf.Scalar)(...kernels);
}

/** {@link l2Penalty} as tensor ops, on any backend. @internal */
export function tensorL2Penalty(kernels: tf.Tensor[], l2: number): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.addN(kernels.map((k) => tf.sum(tf.square(k)))), l2) as tf.Scalar);
}
