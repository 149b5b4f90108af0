import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { Metrics } from '../../src/metrics/index.js';
import { mulberry32 } from '../helpers/mulberry32.js';

/** Noisy truth: churners score higher on average; half the scores are rounded to 3 decimals so ties abound. */
function simulate(n: number, seed: number): { y: Uint8Array; s: Float64Array } {
  const r = mulberry32(seed);
  const y = new Uint8Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = r() < 0.2 ? 1 : 0;
    const v = Math.min(1, Math.max(0, 0.25 + 0.3 * y[i] + (r() - 0.5) * 0.7));
    s[i] = i % 2 === 0 ? Math.round(v * 1000) / 1000 : v;
  }
  return { y, s };
}

/** Index of the first element that differs (or -1); faster than deep equality on long typed arrays. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('Metrics.accumulator()', () => {
  it('equals the one-shot functions on 1,000,000 scores fed in 1,000 batches', () => {
    const n = 1_000_000;
    const { y, s } = simulate(n, 42);
    const acc = Metrics.accumulator();
    for (let b = 0; b < 1000; b++) acc.add(y.subarray(b * 1000, (b + 1) * 1000), s.subarray(b * 1000, (b + 1) * 1000));
    expect(acc.count).toBe(n);
    // Exact equality: both compute from the same table of counts per distinct score.
    const auc = Metrics.rocAuc(y, s);
    expect(auc).toBeGreaterThan(0.8);
    expect(acc.rocAuc()).toBe(auc);
    expect(acc.averagePrecision()).toBe(Metrics.averagePrecision(y, s));
    expect(acc.logLoss()).toBe(Metrics.logLoss(y, s));
    expect(acc.brier()).toBe(Metrics.brier(y, s));
    expect(acc.expectedCalibrationError()).toBe(Metrics.expectedCalibrationError(y, s));
    expect(acc.expectedCalibrationError(10, { strategy: 'quantile' })).toBe(Metrics.expectedCalibrationError(y, s, 10, { strategy: 'quantile' }));
    expect(acc.thresholdMetrics(0.5)).toEqual(Metrics.thresholdMetrics(y, s, 0.5));
    expect(acc.liftAt(0.1)).toBe(Metrics.liftAt(y, s, 0.1));
    // Memory grows with distinct scores: about 500k continuous ones plus at most 1001 rounded ones.
    expect(acc.distinctScores).toBeLessThan(n);
    expect(acc.distinctScores).toBeGreaterThan(400_000);
  });

  it('curves, thresholds and calibration bins equal the one-shot functions exactly (100,000 scores, 100 batches)', () => {
    const { y, s } = simulate(100_000, 9);
    const acc = Metrics.accumulator();
    for (let b = 0; b < 100; b++) acc.add(y.subarray(b * 1000, (b + 1) * 1000), s.subarray(b * 1000, (b + 1) * 1000));
    expect(acc.fBeta(2, 0.4)).toBe(Metrics.fBeta(y, s, 2, 0.4));
    expect(acc.captureRateAt(0.2)).toBe(Metrics.captureRateAt(y, s, 0.2));
    expect(acc.bestThreshold('f1')).toEqual(Metrics.bestThreshold(y, s, 'f1'));
    expect(acc.bestThreshold({ recall: 0.8 })).toEqual(Metrics.bestThreshold(y, s, { recall: 0.8 }));
    expect(acc.bestThreshold({ falsePositive: 1, falseNegative: 5 })).toEqual(Metrics.bestThreshold(y, s, { falsePositive: 1, falseNegative: 5 }));
    const roc = acc.rocCurve();
    const roc1 = Metrics.rocCurve(y, s);
    expect(roc.fpr.length).toBeGreaterThan(1000);
    expect(firstDifference(roc.fpr, roc1.fpr)).toBe(-1);
    expect(firstDifference(roc.tpr, roc1.tpr)).toBe(-1);
    expect(firstDifference(roc.thresholds, roc1.thresholds)).toBe(-1);
    const pr = acc.prCurve();
    const pr1 = Metrics.prCurve(y, s);
    expect(firstDifference(pr.precision, pr1.precision)).toBe(-1);
    expect(firstDifference(pr.recall, pr1.recall)).toBe(-1);
    expect(firstDifference(acc.gainCurve().captureRate, Metrics.gainCurve(y, s).captureRate)).toBe(-1);
    expect(acc.calibrationCurve(10, { strategy: 'quantile' })).toEqual(Metrics.calibrationCurve(y, s, 10, { strategy: 'quantile' }));
    expect(JSON.stringify(acc.report())).toBe(JSON.stringify(Metrics.report(y, s)));
  });

  it('with weights and uneven batches agrees to 1e-12, and merge() combines accumulators', () => {
    const { y, s } = simulate(20_000, 7);
    const r = mulberry32(3);
    const w = Float64Array.from({ length: y.length }, (_, i) => (i % 13 === 0 ? 0 : r() * 3));
    const a = Metrics.accumulator();
    const b = Metrics.accumulator();
    let i = 0;
    for (const size of [1, 0, 999, 5000, 3, 7000, 6997]) {
      const target = i < 10_000 ? a : b;
      target.add(y.subarray(i, i + size), s.subarray(i, i + size), w.subarray(i, i + size));
      i += size;
    }
    expect(i).toBe(20_000);
    a.merge(b);
    const o = { sampleWeight: w };
    expect(a.rocAuc()).toBeCloseTo(Metrics.rocAuc(y, s, o), 12);
    expect(a.averagePrecision()).toBeCloseTo(Metrics.averagePrecision(y, s, o), 12);
    expect(a.logLoss()).toBeCloseTo(Metrics.logLoss(y, s, o), 12);
    expect(a.brier()).toBeCloseTo(Metrics.brier(y, s, o), 12);
    expect(a.mcc(0.45)).toBeCloseTo(Metrics.mcc(y, s, 0.45, o), 12);
    expect(a.liftAt(0.05)).toBeCloseTo(Metrics.liftAt(y, s, 0.05, o), 12);
  });

  it('reports bad batches with their batch number and leaves earlier data intact', () => {
    const acc = Metrics.accumulator().add([0, 1], [0.2, 0.7]);
    const err = (() => {
      try {
        acc.add([0, 2], [0.1, Number.NaN]);
      } catch (e) {
        return e as ValidationError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err!.issues.map((i) => i.path)).toEqual([
      ['batches', 1, 'yTrue', 1],
      ['batches', 1, 'yScore', 1],
    ]);
    expect(acc.count).toBe(2);
    expect(acc.rocAuc()).toBe(1);
  });

  it('says which score is not a probability only when a probability metric is asked for', () => {
    const acc = Metrics.accumulator().add([0, 1], [0.2, 0.7]).add([0, 1, 1], [-3, 0.1, 4]);
    expect(acc.rocAuc()).toBeCloseTo(Metrics.rocAuc([0, 1, 0, 1, 1], [0.2, 0.7, -3, 0.1, 4]), 15);
    expect(() => acc.logLoss()).toThrow(/batches\[1\]\.yScore\[0\]/);
    expect(() => acc.report()).toThrow(ValidationError);
  });

  it('throws a clear error when nothing was added, and when AUC is undefined', () => {
    expect(() => Metrics.accumulator().rocAuc()).toThrow(/nothing has been added/);
    expect(() => Metrics.accumulator().add([1, 1], [0.2, 0.3]).rocAuc()).toThrow(/AUC is undefined/);
  });
});
