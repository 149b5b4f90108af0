import type { FeatureSet } from '../features/feature-set.js';

/** Per-channel standardisation learned from training data only, stored with the model. */
export interface ScalerState {
  /** Mean of each sequence channel over real (unmasked) steps. */
  readonly sequenceMean: number[];
  /** Standard deviation of each sequence channel (1 when constant). */
  readonly sequenceStd: number[];
  /** Mean of each static feature. */
  readonly staticMean: number[];
  /** Standard deviation of each static feature (1 when constant). */
  readonly staticStd: number[];
}

// Standardised values are clipped so one extreme user cannot saturate the recurrent gates.
const CLIP = 8;

/** Learns means and standard deviations from `train` (sequence stats over real steps only). @internal */
export function fitScaler(train: FeatureSet): ScalerState {
  const { users, steps, sequenceFeatures: F, staticFeatures: S } = train.shape;
  const sSum = new Float64Array(F), sSq = new Float64Array(F);
  let count = 0;
  for (let u = 0; u < users; u++) {
    for (let t = 0; t < steps; t++) {
      if (train.mask[u * steps + t] === 0) continue;
      count++;
      const base = (u * steps + t) * F;
      for (let f = 0; f < F; f++) {
        const v = train.sequences[base + f];
        sSum[f] += v;
        sSq[f] += v * v;
      }
    }
  }
  const stSum = new Float64Array(S), stSq = new Float64Array(S);
  for (let u = 0; u < users; u++) {
    for (let s = 0; s < S; s++) {
      const v = train.statics[u * S + s];
      stSum[s] += v;
      stSq[s] += v * v;
    }
  }
  const moments = (sum: Float64Array, sq: Float64Array, n: number) => {
    const mean = Array.from(sum, (x) => (n > 0 ? x / n : 0));
    const std = Array.from(sq, (x, i) => {
      const variance = n > 0 ? x / n - mean[i] ** 2 : 0;
      return variance > 1e-12 ? Math.sqrt(variance) : 1;
    });
    return { mean, std };
  };
  const seq = moments(sSum, sSq, count);
  const st = moments(stSum, stSq, users);
  return { sequenceMean: seq.mean, sequenceStd: seq.std, staticMean: st.mean, staticStd: st.std };
}

// The loops below run once per batch on the training and predict paths, so they keep everything in
// locals and typed arrays; the arithmetic is the same expression, (v − mean) / std in float64 then
// clipped and stored as float32, so the scaled values do not depend on which helper made them.

/** The sequence channels and mask of `rows`, standardised (padded steps stay 0). @internal */
export function scaleSequenceRows(
  features: FeatureSet,
  rows: ArrayLike<number>,
  scaler: ScalerState,
): { sequences: Float32Array; mask: Float32Array } {
  const { steps: T, sequenceFeatures: F } = features.shape;
  const B = rows.length;
  const sequences = new Float32Array(B * T * F);
  const mask = new Float32Array(B * T);
  const src = features.sequences;
  const srcMask = features.mask;
  const mean = Float64Array.from(scaler.sequenceMean);
  const std = Float64Array.from(scaler.sequenceStd);
  for (let b = 0; b < B; b++) {
    const u = rows[b];
    mask.set(srcMask.subarray(u * T, (u + 1) * T), b * T);
    for (let t = 0; t < T; t++) {
      if (srcMask[u * T + t] === 0) continue;
      const from = (u * T + t) * F;
      const to = (b * T + t) * F;
      for (let f = 0; f < F; f++) {
        const v = (src[from + f] - mean[f]) / std[f];
        sequences[to + f] = v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
      }
    }
  }
  return { sequences, mask };
}

/** The static features of `rows`, standardised. @internal */
export function scaleStaticRows(features: FeatureSet, rows: ArrayLike<number>, scaler: ScalerState): Float32Array {
  const S = features.shape.staticFeatures;
  const B = rows.length;
  const statics = new Float32Array(B * S);
  const src = features.statics;
  const mean = Float64Array.from(scaler.staticMean);
  const std = Float64Array.from(scaler.staticStd);
  for (let b = 0; b < B; b++) {
    const from = rows[b] * S;
    const to = b * S;
    for (let s = 0; s < S; s++) {
      const v = (src[from + s] - mean[s]) / std[s];
      statics[to + s] = v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
    }
  }
  return statics;
}
