import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { Metrics } from '../../src/metrics/index.js';

// Ten users with ties at 0.2, 0.5 and 0.8. By score: 0.9 {churn}, 0.8 {churn, stay}, 0.5 {2 churn, 2 stay},
// 0.2 {churn, stay}, 0.1 {stay}. Five churners, five stayers.
const y = [0, 1, 0, 1, 1, 0, 0, 1, 0, 1];
const s = [0.5, 0.5, 0.2, 0.8, 0.2, 0.8, 0.5, 0.9, 0.1, 0.5];

describe('hand-computed values with ties', () => {
  it('rocAuc counts tied pairs as half: (0 + 1·1.5 + 2·3 + 1·4.5 + 1·5) / 25', () => {
    expect(Metrics.rocAuc(y, s)).toBe(17 / 25);
  });

  it('averagePrecision steps once per tied group: 1/5·1 + 1/5·2/3 + 2/5·4/7 + 1/5·5/9', () => {
    expect(Metrics.averagePrecision(y, s)).toBeCloseTo(212 / 315, 15);
  });

  it('threshold metrics flag score >= threshold, so the 0.5 tie is flagged', () => {
    expect(Metrics.confusionMatrix(y, s)).toEqual({ threshold: 0.5, tp: 4, fp: 3, tn: 2, fn: 1 });
    expect(Metrics.accuracy(y, s)).toBe(0.6);
    expect(Metrics.precision(y, s)).toBe(4 / 7);
    expect(Metrics.recall(y, s)).toBe(0.8);
    expect(Metrics.specificity(y, s)).toBe(0.4);
    expect(Metrics.f1(y, s)).toBeCloseTo(2 / 3, 15);
    expect(Metrics.fBeta(y, s, 2)).toBeCloseTo(20 / 27, 15);
    expect(Metrics.balancedAccuracy(y, s)).toBeCloseTo(0.6, 15);
    expect(Metrics.mcc(y, s)).toBeCloseTo(5 / Math.sqrt(7 * 5 * 5 * 3), 15);
    expect(Metrics.confusionMatrix(y, s, 0.51)).toEqual({ threshold: 0.51, tp: 2, fp: 1, tn: 4, fn: 3 });
  });

  it('brier and logLoss are the means of their per-user losses', () => {
    expect(Metrics.brier(y, s)).toBeCloseTo(2.38 / 10, 15);
    const ll = -(4 * Math.log(0.5) + 2 * Math.log(0.8) + 2 * Math.log(0.2) + 2 * Math.log(0.9)) / 10;
    expect(Metrics.logLoss(y, s)).toBeCloseTo(ll, 14);
  });

  it('logLoss clips at eps: a confident miss costs -log(eps), not Infinity', () => {
    expect(Metrics.logLoss([1], [0])).toBeCloseTo(-Math.log(Number.EPSILON), 12);
    expect(Metrics.logLoss([1, 0], [0, 0], { eps: 1e-15 })).toBeCloseTo(-Math.log(1e-15) / 2, 12);
  });

  it('expectedCalibrationError, equal-width: (0.1·1 + 0.3·2 + 0·4 + 0.3·2 + 0.1·1) / 10', () => {
    expect(Metrics.expectedCalibrationError(y, s)).toBeCloseTo(0.14, 15);
    // One bin: |mean outcome − mean score| = |0.5 − 5.0/10| = 0 (calibrated in the large).
    expect(Metrics.expectedCalibrationError(y, s, 1)).toBeCloseTo(0, 15);
    // Shifting every score up by 0.1 opens that gap to exactly 0.1.
    expect(Metrics.expectedCalibrationError(y, s.map((v) => v + 0.1), 1)).toBeCloseTo(0.1, 15);
  });

  it('expectedCalibrationError, equal-mass bins split at score percentiles', () => {
    // Two bins: the median is 0.5, so bin 1 holds scores <= 0.5 (7 users, 3 churners, mean score 2.5/7)
    // and bin 2 the three at 0.8-0.9 (2 churners, mean 2.5/3).
    const expected = (7 * Math.abs(3 / 7 - 2.5 / 7) + 3 * Math.abs(2 / 3 - 2.5 / 3)) / 10;
    expect(Metrics.expectedCalibrationError(y, s, 2, { strategy: 'quantile' })).toBeCloseTo(expected, 15);
  });

  it('calibrationCurve gives observed rate, mean score and users per non-empty bin', () => {
    const c = Metrics.calibrationCurve(y, s, 10);
    expect(Array.from(c.observed)).toEqual([0, 0.5, 0.5, 0.5, 1]);
    expect(Array.from(c.predicted).map((v) => +v.toFixed(12))).toEqual([0.1, 0.2, 0.5, 0.8, 0.9]);
    expect(Array.from(c.weight)).toEqual([1, 2, 4, 2, 1]);
  });

  it('liftAt and captureRateAt share a tie straddling the cut in proportion', () => {
    // Top 2 users: the 0.9 churner plus half of the 0.8 pair (one churner, one stayer) = 1.5 churners of 5.
    expect(Metrics.captureRateAt(y, s, 0.2)).toBeCloseTo(0.3, 15);
    expect(Metrics.liftAt(y, s, 0.2)).toBeCloseTo(1.5, 15);
    // Top 5: 0.9, 0.8 ×2, and half of the four 0.5 users (one churner): 3 of 5.
    expect(Metrics.captureRateAt(y, s, 0.5)).toBeCloseTo(0.6, 15);
    expect(Metrics.captureRateAt(y, s, 1)).toBe(1);
    expect(Metrics.liftAt(y, s, 1)).toBe(1);
  });

  it('rocCurve has one point per tied group, starting at (0, 0) and Infinity', () => {
    const roc = Metrics.rocCurve(y, s, { dropIntermediate: false });
    expect(Array.from(roc.thresholds)).toEqual([Infinity, 0.9, 0.8, 0.5, 0.2, 0.1]);
    expect(Array.from(roc.tpr)).toEqual([0, 0.2, 0.4, 0.8, 1, 1]);
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0.2, 0.6, 0.8, 1]);
  });

  it('rocCurve drops a point only inside a straight run of equal steps', () => {
    const roc = Metrics.rocCurve([1, 1, 1, 0], [0.9, 0.8, 0.7, 0.1]);
    // tps 1,2,3,3 with fps 0,0,0,1: the 0.8 point is on an equal-step run and goes.
    expect(Array.from(roc.thresholds)).toEqual([Infinity, 0.9, 0.7, 0.1]);
  });

  it('prCurve runs from the lowest threshold up and ends at (precision 1, recall 0)', () => {
    const pr = Metrics.prCurve(y, s);
    expect(Array.from(pr.thresholds)).toEqual([0.1, 0.2, 0.5, 0.8, 0.9]);
    expect(Array.from(pr.recall)).toEqual([1, 1, 0.8, 0.4, 0.2, 0]);
    expect(Array.from(pr.precision)).toEqual([0.5, 5 / 9, 4 / 7, 2 / 3, 1, 1]);
  });

  it('gainCurve accumulates users and churners from the top score down', () => {
    const g = Metrics.gainCurve(y, s);
    expect(Array.from(g.fraction)).toEqual([0, 0.1, 0.3, 0.7, 0.9, 1]);
    expect(Array.from(g.captureRate)).toEqual([0, 0.2, 0.4, 0.8, 1, 1]);
  });

  it('scoreHistogram counts each class per equal-width bin', () => {
    const h = Metrics.scoreHistogram(y, s, 2);
    expect(Array.from(h.edges)).toEqual([0, 0.5, 1]);
    // Bin [0, 0.5): 0.1, 0.2, 0.2; bin [0.5, 1]: the rest.
    expect(Array.from(h.negatives)).toEqual([2, 3]);
    expect(Array.from(h.positives)).toEqual([1, 4]);
  });
});

describe('bestThreshold', () => {
  it("'f1' picks 0.2 (F1 5/7) over 0.5 (2/3) and 0.1 (2/3)", () => {
    const best = Metrics.bestThreshold(y, s, 'f1');
    expect(best.threshold).toBe(0.2);
    expect(best.value).toBeCloseTo(5 / 7, 15);
    expect(best.metrics).toEqual(Metrics.thresholdMetrics(y, s, 0.2));
  });

  it('{ recall } picks the highest precision among thresholds reaching that recall', () => {
    const best = Metrics.bestThreshold(y, s, { recall: 0.8 });
    expect(best.threshold).toBe(0.5);
    expect(best.value).toBe(4 / 7);
    expect(Metrics.bestThreshold(y, s, { recall: 1 }).threshold).toBe(0.2);
    expect(Metrics.bestThreshold(y, s, { recall: 0.2 }).threshold).toBe(0.9);
  });

  it('a cost matrix picks the cheapest threshold, including flagging nobody', () => {
    // Missed churner costs 4, offer costs 1: threshold 0.2 costs 4·0 + 1·4 = 4, the cheapest.
    expect(Metrics.bestThreshold(y, s, { falsePositive: 1, falseNegative: 4 })).toMatchObject({ threshold: 0.2, value: 4 });
    // Offers cost 10: flag only the 0.9 churner (cost 4·1 = 4 < 5 for nobody).
    expect(Metrics.bestThreshold(y, s, { falsePositive: 10, falseNegative: 1 })).toMatchObject({ threshold: 0.9, value: 4 });
    const none = Metrics.bestThreshold(y, s, { falsePositive: 1, falseNegative: 0 });
    expect(none.threshold).toBe(Infinity);
    expect(none.metrics).toMatchObject({ tp: 0, fp: 0, tn: 5, fn: 5 });
  });

  it('rejects a bad objective with its path', () => {
    expect(() => Metrics.bestThreshold(y, s, { recall: 1.5 })).toThrow(/objective\.recall/);
    expect(() => Metrics.bestThreshold(y, s, { falsePositive: -1, falseNegative: 1 })).toThrow(/objective\.falsePositive/);
    expect(() => Metrics.bestThreshold(y, s, 'auc' as never)).toThrow(ValidationError);
  });
});

describe('sample weights', () => {
  it('an integer weight equals repeating the user', () => {
    const w = [1, 2, 1, 3, 1, 1, 2, 1, 1, 1];
    const yr: number[] = [];
    const sr: number[] = [];
    w.forEach((k, i) => {
      for (let r = 0; r < k; r++) {
        yr.push(y[i]);
        sr.push(s[i]);
      }
    });
    const o = { sampleWeight: w };
    expect(Metrics.rocAuc(y, s, o)).toBeCloseTo(Metrics.rocAuc(yr, sr), 14);
    expect(Metrics.averagePrecision(y, s, o)).toBeCloseTo(Metrics.averagePrecision(yr, sr), 14);
    expect(Metrics.logLoss(y, s, o)).toBeCloseTo(Metrics.logLoss(yr, sr), 14);
    expect(Metrics.brier(y, s, o)).toBeCloseTo(Metrics.brier(yr, sr), 14);
    expect(Metrics.mcc(y, s, 0.5, o)).toBeCloseTo(Metrics.mcc(yr, sr), 14);
    expect(Metrics.liftAt(y, s, 0.3, o)).toBeCloseTo(Metrics.liftAt(yr, sr, 0.3), 14);
    expect(Metrics.expectedCalibrationError(y, s, 10, o)).toBeCloseTo(Metrics.expectedCalibrationError(yr, sr), 14);
  });

  it('weight 0 removes a user entirely', () => {
    const w = [1, 1, 1, 1, 1, 1, 1, 1, 0, 1];
    const keep = (a: number[]) => a.filter((_, i) => i !== 8);
    expect(Metrics.rocAuc(y, s, { sampleWeight: w })).toBe(Metrics.rocAuc(keep(y), keep(s)));
    expect(Array.from(Metrics.rocCurve(y, s, { sampleWeight: w }).thresholds)).toEqual(Array.from(Metrics.rocCurve(keep(y), keep(s)).thresholds));
  });
});

describe('edge cases follow scikit-learn', () => {
  it('precision is 0 when nobody is flagged, recall 0 without churners, MCC 0 when undefined', () => {
    expect(Metrics.precision([0, 1], [0.1, 0.2])).toBe(0);
    expect(Metrics.recall([0, 0], [0.9, 0.2])).toBe(0);
    expect(Metrics.f1([0, 1], [0.1, 0.2])).toBe(0);
    expect(Metrics.mcc([0, 1], [0.9, 0.9])).toBe(0);
    expect(Metrics.mcc([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.2])).toBe(1);
    expect(Metrics.mcc([0, 1, 1, 0], [0.9, 0.1, 0.2, 0.8])).toBe(-1);
  });

  it('balancedAccuracy leaves out a class that is absent', () => {
    expect(Metrics.balancedAccuracy([0, 0, 0], [0.1, 0.9, 0.2])).toBeCloseTo(2 / 3, 15);
  });

  it('all-equal scores give AUC 0.5 and AP equal to the churn rate', () => {
    expect(Metrics.rocAuc([0, 1, 0, 0], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(Metrics.averagePrecision([0, 1, 0, 0], [0.3, 0.3, 0.3, 0.3])).toBe(0.25);
  });

  it('ranking metrics accept any finite score and ignore monotone transforms', () => {
    const logits = s.map((p) => Math.log(p / (1 - p)) * 3 - 7);
    expect(Metrics.rocAuc(y, logits)).toBe(Metrics.rocAuc(y, s));
    expect(Metrics.averagePrecision(y, logits)).toBe(Metrics.averagePrecision(y, s));
  });

  it('-0 and 0 are one tied score', () => {
    expect(Metrics.rocAuc([0, 1], [-0, 0])).toBe(0.5);
  });
});
