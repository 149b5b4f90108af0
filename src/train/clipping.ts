import * as tf from '@tensorflow/tfjs-core';

/**
 * Clips gradients: first each element to ±`clipValue`, then the whole set so its global L2 norm is
 * at most `clipNorm` (Keras' global_clipnorm); 0 turns either off. Returns new tensors and
 * disposes the inputs it replaced. @internal
 */
export function clipGradients(grads: tf.NamedTensorMap, clipNorm: number, clipValue: number): tf.NamedTensorMap {
  if (clipNorm <= 0 && clipValue <= 0) return grads;
  const names = Object.keys(grads);
  const out = clippedCopies(grads, names, clipNorm, clipValue);
  tf.dispose(names.map((n) => grads[n]));
  return out;
}

/**
 * The clipped gradients of `names` as new tensors (the inputs themselves when both limits are
 * off); the inputs are left to the caller. @internal
 */
export function clippedCopies(grads: tf.NamedTensorMap, names: string[], clipNorm: number, clipValue: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    let values = names.map((n) => grads[n]);
    if (clipValue > 0) values = values.map((g) => tf.clipByValue(g, -clipValue, clipValue));
    if (clipNorm > 0) {
      const norm = tf.sqrt(tf.addN(values.map((g) => tf.sum(tf.square(g)))));
      const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
      values = values.map((g) => tf.mul(g, scale));
    }
    const out: tf.NamedTensorMap = {};
    names.forEach((n, i) => (out[n] = values[i]));
    return out;
  });
}
