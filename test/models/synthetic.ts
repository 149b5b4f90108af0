import type { FeatureSet } from '../../src/features/feature-set.js';
import { Random } from '../../src/models/random.js';

/**
 * A small FeatureSet with a known signal: users whose activity declines over their last steps
 * churn more often, so a sequence model can learn it. Left-padded with a mask, like the pipeline.
 */
export function syntheticData(users: number, seed = 1, steps = 12, channels = 3, statics = 2) {
  const rng = new Random(seed);
  const sequences = new Float32Array(users * steps * channels);
  const mask = new Float32Array(users * steps);
  const st = new Float32Array(users * statics);
  const churn = new Float32Array(users);
  const renew = new Float32Array(users);
  const truth = new Float64Array(users);
  for (let u = 0; u < users; u++) {
    const start = rng.int(Math.floor(steps / 2));
    const slope = rng.normal();
    const level = rng.normal();
    for (let t = start; t < steps; t++) {
      mask[u * steps + t] = 1;
      const x = (t - start) / steps;
      for (let f = 0; f < channels; f++) {
        sequences[(u * steps + t) * channels + f] = level + (f === 0 ? slope * x * 3 : 0) + 0.3 * rng.normal();
      }
    }
    for (let s = 0; s < statics; s++) st[u * statics + s] = s === 0 ? level + 0.5 * rng.normal() : rng.normal();
    const logit = -2.5 * slope - 0.5 * level;
    truth[u] = 1 / (1 + Math.exp(-logit));
    churn[u] = rng.next() < truth[u] ? 1 : 0;
    renew[u] = rng.next() < 0.5 ? Number.NaN : rng.next() < 1 - truth[u] ? 1 : 0;
  }
  const features = featureSetOf(sequences, mask, st, { users, steps, channels, statics });
  return { features, churn, renew, truth };
}

/** A FeatureSet around the given arrays, with users `u0…`, channels `c0…` and statics `s0…`. */
export function featureSetOf(
  sequences: Float32Array,
  mask: Float32Array,
  statics: Float32Array,
  size: { users: number; steps: number; channels: number; statics: number },
): FeatureSet {
  const { users, steps, channels } = size;
  return {
    userIds: Array.from({ length: users }, (_, i) => `u${i}`),
    sequences,
    mask,
    statics,
    shape: { users, steps, sequenceFeatures: channels, staticFeatures: size.statics },
    sequenceFeatureNames: Array.from({ length: channels }, (_, i) => `c${i}`),
    staticFeatureNames: Array.from({ length: size.statics }, (_, i) => `s${i}`),
  };
}
