import { describe, expect, it } from 'vitest';
import { Metrics, IsotonicCalibrator, PlattCalibrator } from '../../src/metrics/index.js';
import { CASES } from './sklearn-fixtures.js';

const TOL = 1e-9;

function close(actual: ArrayLike<number>, expected: readonly number[], tol = TOL): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i]), `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
}

describe.each(Object.keys(CASES))('agrees with scikit-learn to 1e-9: %s', (name) => {
  const c = CASES[name];
  const y: number[] = c.y;
  const s: number[] = c.s;
  const opts = c.w ? { sampleWeight: c.w as number[] } : {};

  it('ranking metrics', () => {
    expect(Metrics.rocAuc(y, s, opts)).toBeCloseTo(c.rocAuc, 9);
    expect(Math.abs(Metrics.rocAuc(y, s, opts) - c.rocAuc)).toBeLessThan(TOL);
    expect(Math.abs(Metrics.averagePrecision(y, s, opts) - c.averagePrecision)).toBeLessThan(TOL);
  });

  it('probability metrics', () => {
    expect(Math.abs(Metrics.logLoss(y, s, opts) - c.logLoss)).toBeLessThan(TOL);
    expect(Math.abs(Metrics.brier(y, s, opts) - c.brier)).toBeLessThan(TOL);
    expect(Math.abs(Metrics.expectedCalibrationError(y, s, 10, opts) - c.ece10)).toBeLessThan(TOL);
    expect(Math.abs(Metrics.expectedCalibrationError(y, s, 5, { ...opts, strategy: 'quantile' }) - c.eceQ5)).toBeLessThan(TOL);
  });

  it.each([0.5, 0.35])('threshold metrics at %s', (t) => {
    const e = c[`t${t}`];
    const m = Metrics.thresholdMetrics(y, s, t, opts);
    for (const key of ['tp', 'fp', 'tn', 'fn', 'accuracy', 'precision', 'recall', 'specificity', 'f1', 'balancedAccuracy', 'mcc'] as const) {
      expect(Math.abs(m[key] - e[key]), key).toBeLessThan(TOL);
    }
    expect(Math.abs(Metrics.fBeta(y, s, 2, t, opts) - e.f2)).toBeLessThan(TOL);
    expect(Metrics.accuracy(y, s, t, opts)).toBe(m.accuracy);
    expect(Metrics.precision(y, s, t, opts)).toBe(m.precision);
    expect(Metrics.recall(y, s, t, opts)).toBe(m.recall);
    expect(Metrics.specificity(y, s, t, opts)).toBe(m.specificity);
    expect(Metrics.f1(y, s, t, opts)).toBe(m.f1);
    expect(Metrics.balancedAccuracy(y, s, t, opts)).toBe(m.balancedAccuracy);
    expect(Metrics.mcc(y, s, t, opts)).toBe(m.mcc);
    expect(Metrics.confusionMatrix(y, s, t, opts)).toEqual({ threshold: t, tp: m.tp, fp: m.fp, tn: m.tn, fn: m.fn });
  });

  it('roc curve (drop_intermediate true and false)', () => {
    const roc = Metrics.rocCurve(y, s, opts);
    close(roc.fpr, c.roc.fpr);
    close(roc.tpr, c.roc.tpr);
    expect(roc.thresholds[0]).toBe(Infinity); // scikit-learn 1.2 writes max + 1 here; >= 1.3 writes inf
    close(roc.thresholds.subarray(1), c.roc.thresholds, 0);
    const full = Metrics.rocCurve(y, s, { ...opts, dropIntermediate: false });
    close(full.fpr, c.rocFull.fpr);
    close(full.tpr, c.rocFull.tpr);
  });

  it('precision-recall curve', () => {
    const pr = Metrics.prCurve(y, s, opts);
    close(pr.precision, c.pr.precision);
    close(pr.recall, c.pr.recall);
    close(pr.thresholds, c.pr.thresholds, 0);
  });

  it('calibration curves (equal-width and equal-mass, numpy percentile edges)', () => {
    for (const key of Object.keys(c).filter((k) => k.startsWith('cal_'))) {
      const [, strategy, bins] = key.split('_');
      const curve = Metrics.calibrationCurve(y, s, Number(bins), { strategy: strategy as 'uniform' | 'quantile' });
      close(curve.observed, c[key].observed);
      close(curve.predicted, c[key].predicted);
    }
  });

  it('isotonic calibrator equals IsotonicRegression(out_of_bounds="clip")', () => {
    const iso = new IsotonicCalibrator().fit(y, s, opts);
    close(iso.transform(c.isotonic.x), c.isotonic.y);
  });

  it('platt calibrator reaches the same optimum as scikit-learn _sigmoid_calibration', () => {
    const { a, b } = new PlattCalibrator().fit(y, s, opts).parameters;
    // scikit-learn stops BFGS at gtol 1e-5; Newton converges further, so parameters agree to optimiser tolerance.
    expect(Math.abs(a - c.platt.a)).toBeLessThan(1e-3 * Math.max(1, Math.abs(c.platt.a)));
    expect(Math.abs(b - c.platt.b)).toBeLessThan(1e-3 * Math.max(1, Math.abs(c.platt.b)));
  });
});
