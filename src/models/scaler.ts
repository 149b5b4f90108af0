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

// The row loops below are the only place values are scaled, for a batch and for a cache alike: the
// same expression, (v − mean) / std in float64, clipped and stored as float32, so a cached batch is
// bit for bit the batch the per-row path would have made.

function scaleSequenceRow(
  src: Float32Array, srcMask: Float32Array, mean: Float64Array, std: Float64Array,
  T: number, F: number, u: number, out: Float32Array, b: number,
): void {
  for (let t = 0; t < T; t++) {
    // Padded steps are left as the zeros `out` was made with.
    if (srcMask[u * T + t] === 0) continue;
    const from = (u * T + t) * F;
    const to = (b * T + t) * F;
    for (let f = 0; f < F; f++) {
      const v = (src[from + f] - mean[f]) / std[f];
      out[to + f] = v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
    }
  }
}

function scaleStaticRow(
  src: Float32Array, mean: Float64Array, std: Float64Array, S: number, u: number, out: Float32Array, b: number,
): void {
  const from = u * S;
  const to = b * S;
  for (let s = 0; s < S; s++) {
    const v = (src[from + s] - mean[s]) / std[s];
    out[to + s] = v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
  }
}

/**
 * Largest array (in floats) kept as a scaled copy: 16M floats, 64 MB. A copy doubles its set's memory
 * for as long as the set lives, which is worth it for training sets (the reference workload is
 * 4,096 × 30 × 8 ≈ 1M floats), rescaled every epoch; large sets are scored by a streaming `predict`
 * (bench/score-1m.ts) whose memory must stay bounded, so above the cap they keep the per-row path. @internal
 */
export const MAX_CACHED_FLOATS = 16 * 2 ** 20;

/** A FeatureSet's scaled copy: the scaler it is for, rows that scaler has asked for, the copy once built. */
interface ScaledCopy {
  readonly scaler: ScalerState;
  requested: number;
  values: Float32Array | undefined;
}

// Keyed weakly by the FeatureSet, like `summarized` (FeatureSets are immutable), and one slot per set
// rather than one per scaler: models fitted on one set and kept alive (a grid search) would otherwise
// each keep a copy of it. A new scaler takes the slot over and counts from zero, so scalers that
// alternate on one set (two fits interleaved) fall back to the per-row path instead of rebuilding.
const sequenceCopies = new WeakMap<FeatureSet, ScaledCopy>();
const staticCopies = new WeakMap<FeatureSet, ScaledCopy>();

/**
 * The fully scaled array of `features` under `scaler`, built by `build` once it pays; undefined while
 * the per-row path should serve. It pays once this scaler has already asked for a full pass's worth of
 * rows (as many as the set has users): the build then costs no more than the work already done, every
 * later call is a copy, and a set scaled once (a `predict` pass, a first epoch) never makes one.
 */
function scaledCopy(
  copies: WeakMap<FeatureSet, ScaledCopy>,
  features: FeatureSet, scaler: ScalerState, rowCount: number, size: number, build: () => Float32Array,
): Float32Array | undefined {
  if (size === 0 || size > MAX_CACHED_FLOATS) return undefined;
  let copy = copies.get(features);
  if (copy?.scaler !== scaler) {
    copy = { scaler, requested: 0, values: undefined };
    copies.set(features, copy);
  }
  if (copy.values === undefined && copy.requested >= features.shape.users) copy.values = build();
  copy.requested += rowCount;
  return copy.values;
}

/** Whether `features` holds a scaled copy for `scaler`, of its sequences and of its statics. @internal */
export function hasScaledCopy(features: FeatureSet, scaler: ScalerState): { sequences: boolean; statics: boolean } {
  const held = (copy: ScaledCopy | undefined) => copy?.scaler === scaler && copy.values !== undefined;
  return { sequences: held(sequenceCopies.get(features)), statics: held(staticCopies.get(features)) };
}

/** The sequence channels and mask of `rows`, standardised (padded steps stay 0). @internal */
export function scaleSequenceRows(
  features: FeatureSet,
  rows: ArrayLike<number>,
  scaler: ScalerState,
): { sequences: Float32Array; mask: Float32Array } {
  const { users: N, steps: T, sequenceFeatures: F } = features.shape;
  const B = rows.length;
  const W = T * F;
  const sequences = new Float32Array(B * W);
  const mask = new Float32Array(B * T);
  const src = features.sequences;
  const srcMask = features.mask;
  const copy = scaledCopy(sequenceCopies, features, scaler, B, N * W, () => {
    const mean = Float64Array.from(scaler.sequenceMean);
    const std = Float64Array.from(scaler.sequenceStd);
    const all = new Float32Array(N * W);
    for (let u = 0; u < N; u++) scaleSequenceRow(src, srcMask, mean, std, T, F, u, all, u);
    return all;
  });
  if (copy) {
    for (let b = 0; b < B; b++) {
      const u = rows[b];
      sequences.set(copy.subarray(u * W, (u + 1) * W), b * W);
      mask.set(srcMask.subarray(u * T, (u + 1) * T), b * T);
    }
    return { sequences, mask };
  }
  const mean = Float64Array.from(scaler.sequenceMean);
  const std = Float64Array.from(scaler.sequenceStd);
  for (let b = 0; b < B; b++) {
    const u = rows[b];
    mask.set(srcMask.subarray(u * T, (u + 1) * T), b * T);
    scaleSequenceRow(src, srcMask, mean, std, T, F, u, sequences, b);
  }
  return { sequences, mask };
}

/** The static features of `rows`, standardised. @internal */
export function scaleStaticRows(features: FeatureSet, rows: ArrayLike<number>, scaler: ScalerState): Float32Array {
  const { users: N, staticFeatures: S } = features.shape;
  const B = rows.length;
  const statics = new Float32Array(B * S);
  const src = features.statics;
  const copy = scaledCopy(staticCopies, features, scaler, B, N * S, () => {
    const mean = Float64Array.from(scaler.staticMean);
    const std = Float64Array.from(scaler.staticStd);
    const all = new Float32Array(N * S);
    for (let u = 0; u < N; u++) scaleStaticRow(src, mean, std, S, u, all, u);
    return all;
  });
  if (copy) {
    for (let b = 0; b < B; b++) statics.set(copy.subarray(rows[b] * S, (rows[b] + 1) * S), b * S);
    return statics;
  }
  const mean = Float64Array.from(scaler.staticMean);
  const std = Float64Array.from(scaler.staticStd);
  for (let b = 0; b < B; b++) scaleStaticRow(src, mean, std, S, rows[b], statics, b);
  return statics;
}
