import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
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

  /** `x` `[B, inputs]` → `[B, units]` (no activation). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return this.layer.apply(x) as tf.Tensor2D;
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

/** Inverted dropout with a mask from churnkit's seeded Random. @internal */
export function seededDropout(x: tf.Tensor2D, rate: number, rng: Random | undefined): tf.Tensor2D {
  if (!rng || rate <= 0) return x;
  const keep = 1 - rate;
  const values = new Float32Array(x.size);
  for (let i = 0; i < values.length; i++) values[i] = rng.next() < keep ? 1 / keep : 0;
  return tf.tidy(() => tf.mul(x, tf.tensor2d(values, x.shape)));
}
