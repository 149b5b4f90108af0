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

/** Gathers `rows` of `features`, standardised, into fresh arrays; padded steps stay 0. @internal */
export function scaleRows(
  features: FeatureSet,
  rows: ArrayLike<number>,
  scaler: ScalerState,
): { sequences: Float32Array; mask: Float32Array; statics: Float32Array } {
  const { steps: T, sequenceFeatures: F, staticFeatures: S } = features.shape;
  const B = rows.length;
  const sequences = new Float32Array(B * T * F);
  const mask = new Float32Array(B * T);
  const statics = new Float32Array(B * S);
  const clip = (v: number) => (v > CLIP ? CLIP : v < -CLIP ? -CLIP : v);
  for (let b = 0; b < B; b++) {
    const u = rows[b];
    for (let t = 0; t < T; t++) {
      const m = features.mask[u * T + t];
      mask[b * T + t] = m;
      if (m === 0) continue;
      const src = (u * T + t) * F;
      const dst = (b * T + t) * F;
      for (let f = 0; f < F; f++) sequences[dst + f] = clip((features.sequences[src + f] - scaler.sequenceMean[f]) / scaler.sequenceStd[f]);
    }
    for (let s = 0; s < S; s++) statics[b * S + s] = clip((features.statics[u * S + s] - scaler.staticMean[s]) / scaler.staticStd[s]);
  }
  return { sequences, mask, statics };
}
