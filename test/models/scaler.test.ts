import { describe, expect, it } from 'vitest';
import type { FeatureSet } from '../../src/features/feature-set.js';
import { Random } from '../../src/models/random.js';
import {
  fitScaler,
  hasScaledCopy,
  MAX_CACHED_FLOATS,
  scaleSequenceRows,
  scaleStaticRows,
  type ScalerState,
} from '../../src/models/scaler.js';
import { featureSetOf } from './synthetic.js';

/**
 * Users with left padding, one constant channel (index 1, so its std is 1), and users 0 and 1
 * holding +1e4 and −1e4 in channel 2 and static 0, far enough out to clip at ±8 once there are
 * more than ~130 users.
 */
function features(users: number, seed: number, steps = 10, channels = 4, statics = 3): FeatureSet {
  const rng = new Random(seed);
  const sequences = new Float32Array(users * steps * channels);
  const mask = new Float32Array(users * steps);
  const st = new Float32Array(users * statics);
  for (let u = 0; u < users; u++) {
    const start = rng.int(Math.floor(steps / 2));
    for (let t = start; t < steps; t++) {
      mask[u * steps + t] = 1;
      for (let f = 0; f < channels; f++) {
        const base = (u * steps + t) * channels + f;
        sequences[base] = f === 1 ? 3 : rng.normal() * 2 + 5;
      }
    }
    for (let s = 0; s < statics; s++) st[u * statics + s] = rng.normal();
  }
  for (const [u, v] of [[0, 1e4], [1, -1e4]]) {
    sequences[(u * steps + steps - 1) * channels + 2] = v;
    st[u * statics] = v;
  }
  return featureSetOf(sequences, mask, st, { users, steps, channels, statics });
}

/** The plain loop the scaled batches must equal: (v − mean) / std in float64, clipped to ±8. */
function referenceSequences(fs: FeatureSet, rows: ArrayLike<number>, scaler: ScalerState) {
  const { steps: T, sequenceFeatures: F } = fs.shape;
  const sequences = new Float32Array(rows.length * T * F);
  const mask = new Float32Array(rows.length * T);
  for (let b = 0; b < rows.length; b++) {
    const u = rows[b];
    for (let t = 0; t < T; t++) {
      mask[b * T + t] = fs.mask[u * T + t];
      if (fs.mask[u * T + t] === 0) continue;
      for (let f = 0; f < F; f++) {
        const v = (fs.sequences[(u * T + t) * F + f] - scaler.sequenceMean[f]) / scaler.sequenceStd[f];
        sequences[(b * T + t) * F + f] = Math.min(8, Math.max(-8, v));
      }
    }
  }
  return { sequences, mask };
}

function referenceStatics(fs: FeatureSet, rows: ArrayLike<number>, scaler: ScalerState): Float32Array {
  const S = fs.shape.staticFeatures;
  const out = new Float32Array(rows.length * S);
  for (let b = 0; b < rows.length; b++) {
    for (let s = 0; s < S; s++) {
      const v = (fs.statics[rows[b] * S + s] - scaler.staticMean[s]) / scaler.staticStd[s];
      out[b * S + s] = Math.min(8, Math.max(-8, v));
    }
  }
  return out;
}

/** The bit patterns of `a`, so equality means bit for bit (−0 ≠ 0). */
const bits = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

function expectSameBatch(fs: FeatureSet, rows: ArrayLike<number>, scaler: ScalerState): void {
  const got = scaleSequenceRows(fs, rows, scaler);
  const want = referenceSequences(fs, rows, scaler);
  expect(bits(got.sequences)).toEqual(bits(want.sequences));
  expect(bits(got.mask)).toEqual(bits(want.mask));
  expect(bits(scaleStaticRows(fs, rows, scaler))).toEqual(bits(referenceStatics(fs, rows, scaler)));
}

const randomRows = (rng: Random, n: number, users: number) => Int32Array.from({ length: n }, () => rng.int(users));

describe('scaleSequenceRows / scaleStaticRows', () => {
  it('equal the plain loop bit for bit, before and after the scaled copy is built', () => {
    const fs = features(200, 1);
    const scaler = fitScaler(fs);
    const rng = new Random(2);
    // First pass: 4 batches of 50 rows, a full pass's worth, served by the per-row path.
    for (let i = 0; i < 4; i++) expectSameBatch(fs, randomRows(rng, 50, 200), scaler);
    expect(hasScaledCopy(fs, scaler)).toEqual({ sequences: false, statics: false });
    // Later calls build the copy and are served from it.
    for (let i = 0; i < 12; i++) expectSameBatch(fs, randomRows(rng, 50, 200), scaler);
    expect(hasScaledCopy(fs, scaler)).toEqual({ sequences: true, statics: true });
    // Repeated rows, a single row, every row in order, and an empty batch.
    expectSameBatch(fs, [7, 7, 7, 199, 0], scaler);
    expectSameBatch(fs, [42], scaler);
    expectSameBatch(fs, Array.from({ length: 200 }, (_, i) => i), scaler);
    expect(scaleSequenceRows(fs, [], scaler).sequences.length).toBe(0);
    expect(scaleStaticRows(fs, [], scaler).length).toBe(0);
  });

  it('keep padded steps at 0, clip at ±8 and scale a constant channel by std 1', () => {
    const fs = features(400, 3);
    const scaler = fitScaler(fs);
    expect(scaler.sequenceStd[1]).toBe(1);
    const all = Array.from({ length: 400 }, (_, i) => i);
    for (let pass = 0; pass < 3; pass++) {
      const { sequences, mask } = scaleSequenceRows(fs, all, scaler);
      const statics = scaleStaticRows(fs, all, scaler);
      const F = fs.shape.sequenceFeatures;
      let padded = 0;
      let nonZeroPadded = 0;
      let nonZeroConstant = 0;
      for (let i = 0; i < mask.length; i++) {
        // The constant channel is 3 everywhere real, its mean 3, so it scales to exactly 0.
        if (mask[i] === 1) nonZeroConstant += sequences[i * F + 1] === 0 ? 0 : 1;
        if (mask[i] !== 0) continue;
        padded++;
        for (let f = 0; f < F; f++) nonZeroPadded += sequences[i * F + f] === 0 ? 0 : 1;
      }
      expect(padded).toBeGreaterThan(0);
      expect(nonZeroPadded).toBe(0);
      expect(nonZeroConstant).toBe(0);
      expect(Math.max(...sequences)).toBe(8);
      expect(Math.min(...sequences)).toBe(-8);
      expect(Math.max(...statics)).toBe(8);
      expect(Math.min(...statics)).toBe(-8);
      expect(bits(sequences)).toEqual(bits(referenceSequences(fs, all, scaler).sequences));
    }
    expect(hasScaledCopy(fs, scaler)).toEqual({ sequences: true, statics: true });
  });

  it('divide by std, not multiply by its reciprocal, on the cached path too', () => {
    // Values where the two roundings differ after the float32 store (a few per million).
    const mean = 0.3;
    const std = 3.7;
    const tricky: number[] = [];
    for (let k = 0; tricky.length < 8 && k < 5_000_000; k++) {
      const v = Math.fround(0.001 + k * 1e-6);
      if (Math.fround((v - mean) / std) !== Math.fround((v - mean) * (1 / std))) tricky.push(v);
    }
    expect(tricky.length).toBe(8);
    const fs: FeatureSet = {
      userIds: ['u0'],
      sequences: Float32Array.from(tricky),
      mask: new Float32Array(8).fill(1),
      statics: Float32Array.from(tricky),
      shape: { users: 1, steps: 8, sequenceFeatures: 1, staticFeatures: 8 },
      sequenceFeatureNames: ['c0'],
      staticFeatureNames: tricky.map((_, i) => `s${i}`),
    };
    const scaler: ScalerState = { sequenceMean: [mean], sequenceStd: [std], staticMean: Array(8).fill(mean), staticStd: Array(8).fill(std) };
    const divided = Float32Array.from(tricky, (v) => (v - mean) / std);
    for (let call = 0; call < 3; call++) {
      expect(bits(scaleSequenceRows(fs, [0], scaler).sequences)).toEqual(bits(divided));
      expect(bits(scaleStaticRows(fs, [0], scaler))).toEqual(bits(divided));
    }
    expect(hasScaledCopy(fs, scaler)).toEqual({ sequences: true, statics: true });
  });

  it('give each of two scalers on one FeatureSet its own values, keeping one copy at a time', () => {
    const fs = features(100, 4);
    const own = fitScaler(fs);
    const other = fitScaler(features(100, 5));
    expect(other.sequenceMean).not.toEqual(own.sequenceMean);
    const rng = new Random(6);
    // Alternating (two fits interleaved): each call gets its scaler's values, from the per-row path.
    for (let i = 0; i < 8; i++) {
      const rows = randomRows(rng, 40, 100);
      expectSameBatch(fs, rows, own);
      expectSameBatch(fs, rows, other);
      expect(bits(scaleSequenceRows(fs, rows, own).sequences)).not.toEqual(bits(scaleSequenceRows(fs, rows, other).sequences));
    }
    expect(hasScaledCopy(fs, own)).toEqual({ sequences: false, statics: false });
    expect(hasScaledCopy(fs, other)).toEqual({ sequences: false, statics: false });
    // One after the other (two fits in turn): each builds its copy, the second replacing the first.
    for (let i = 0; i < 8; i++) expectSameBatch(fs, randomRows(rng, 40, 100), own);
    expect(hasScaledCopy(fs, own)).toEqual({ sequences: true, statics: true });
    for (let i = 0; i < 8; i++) expectSameBatch(fs, randomRows(rng, 40, 100), other);
    expect(hasScaledCopy(fs, other)).toEqual({ sequences: true, statics: true });
    expect(hasScaledCopy(fs, own)).toEqual({ sequences: false, statics: false });
    expectSameBatch(fs, randomRows(rng, 40, 100), own);
  });

  it('serve later calls from the copy (FeatureSets are immutable, so a later write is not seen)', () => {
    const fs = features(50, 7);
    const scaler = fitScaler(fs);
    const all = Array.from({ length: 50 }, (_, i) => i);
    const before = referenceSequences(fs, all, scaler).sequences;
    scaleSequenceRows(fs, all, scaler);
    scaleSequenceRows(fs, all, scaler);
    expect(hasScaledCopy(fs, scaler).sequences).toBe(true);
    (fs.sequences as Float32Array).fill(1000);
    expect(bits(scaleSequenceRows(fs, all, scaler).sequences)).toEqual(bits(before));
  });

  it('build no copy for a set scaled once, as a streaming predict does', () => {
    const fs = features(300, 8);
    const scaler = fitScaler(fs);
    for (let start = 0; start < 300; start += 64) {
      const rows = Array.from({ length: Math.min(64, 300 - start) }, (_, i) => start + i);
      expectSameBatch(fs, rows, scaler);
    }
    expect(hasScaledCopy(fs, scaler)).toEqual({ sequences: false, statics: false });
  });

  it('never copy an array above MAX_CACHED_FLOATS, but still copy the small one of the same set', () => {
    // 64 steps × 64 channels = 4,096 floats a user; one user more than the cap allows.
    const T = 64;
    const F = 64;
    const users = Math.floor(MAX_CACHED_FLOATS / (T * F)) + 1;
    const sequences = new Float32Array(users * T * F);
    for (let i = 0; i < sequences.length; i++) sequences[i] = (i % 97) - 48;
    const fs: FeatureSet = {
      userIds: Array.from({ length: users }, (_, i) => `u${i}`),
      sequences,
      // User 0 is all padding, so batches of it count towards the passes without scaling anything.
      mask: new Float32Array(users * T).fill(1, T),
      statics: Float32Array.from({ length: users * 2 }, (_, i) => i % 13),
      shape: { users, steps: T, sequenceFeatures: F, staticFeatures: 2 },
      sequenceFeatureNames: Array.from({ length: F }, (_, i) => `c${i}`),
      staticFeatureNames: ['s0', 's1'],
    };
    expect(sequences.length).toBeGreaterThan(MAX_CACHED_FLOATS);
    const scaler: ScalerState = {
      sequenceMean: Array.from({ length: F }, (_, f) => f / 10),
      sequenceStd: Array.from({ length: F }, (_, f) => 3 + f / 7),
      staticMean: [6, 6],
      staticStd: [3.7, 4.1],
    };
    // Row counts add up to three full passes; the rows are a few, repeated.
    const rows = Int32Array.from({ length: users }, (_, i) => (i * 7919) % 50);
    for (let pass = 0; pass < 3; pass++) scaleStaticRows(fs, rows, scaler);
    const few = [0, 3, users - 1, 3];
    const padding = new Int32Array(users);
    for (let pass = 0; pass < 3; pass++) {
      scaleSequenceRows(fs, padding, scaler);
      expectSameBatch(fs, few, scaler);
    }
    expect(hasScaledCopy(fs, scaler)).toEqual({ sequences: false, statics: true });
  });
});
