import * as tf from '@tensorflow/tfjs-core';
import { ChurnLSTM, Trainer, preferEncoder, type FeatureSet } from '../../src/index.js';

/** Losses per epoch and final predictions of a seeded tiny ChurnLSTM, so backends can be compared number for number. */
export interface TinyRun {
  losses: number[];
  predictions: number[];
  encoder: string;
  leakedTensors: number;
}

/** A fixed toy FeatureSet: 16 users, 6 weekly steps of 3 channels, 2 statics, some left padding. */
export function tinyFeatures(): { features: FeatureSet; churn: Float32Array } {
  const n = 16, steps = 6, f = 3, s = 2;
  const mask = new Float32Array(n * steps).fill(1);
  for (let u = 0; u < n; u += 3) mask[u * steps] = 0;
  const features: FeatureSet = {
    userIds: Array.from({ length: n }, (_, i) => `u${i}`),
    sequences: Float32Array.from({ length: n * steps * f }, (_, i) => Math.sin(i * 0.37)),
    mask,
    statics: Float32Array.from({ length: n * s }, (_, i) => Math.cos(i * 0.7)),
    shape: { users: n, steps, sequenceFeatures: f, staticFeatures: s },
    sequenceFeatureNames: ['views', 'watchSeconds', 'comments'],
    staticFeatureNames: ['tenureDays', 'daysSinceLastActivity'],
  };
  return { features, churn: Float32Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0) };
}

/**
 * Trains a seeded ChurnLSTM(4) for three epochs through churnkit's Trainer on the backend in use.
 * `encoder` forces the recurrent implementation ('layers' is the tfjs-layers reference that runs
 * everywhere); 'auto' takes the fastest for the backend (the fused wasm kernel on cpu and wasm).
 */
export async function trainTinyLstm(encoder: 'auto' | 'layers' = 'layers'): Promise<TinyRun> {
  const before = tf.memory().numTensors;
  const { features, churn } = tinyFeatures();
  preferEncoder(encoder);
  const model = new ChurnLSTM({ units: 4, seed: 3, dropout: 0, heads: { churn: true, renew: false } });
  try {
    const history = await new Trainer({ epochs: 3, batchSize: 16, seed: 3, verbose: 0 }).fit(model, { features, churn });
    const { churn: p } = await model.predict(features);
    const kind = model.encoderKind ?? '?';
    model.dispose();
    return { losses: history.epochs.map((e) => e.loss), predictions: Array.from(p), encoder: kind, leakedTensors: tf.memory().numTensors - before };
  } finally {
    preferEncoder('auto');
  }
}
