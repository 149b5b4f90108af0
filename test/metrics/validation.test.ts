import { describe, expect, it } from 'vitest';
import { ValidationError, type Issue } from '../../src/errors.js';
import { Metrics } from '../../src/metrics/index.js';

function issuesOf(fn: () => unknown): Issue[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return [...(e as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}

describe('bad input gets a ValidationError with paths', () => {
  it('length mismatch names the shorter array and both lengths', () => {
    const issues = issuesOf(() => Metrics.rocAuc([0, 1, 1], [0.2, 0.4]));
    expect(issues).toEqual([expect.objectContaining({ code: 'length_mismatch', path: ['yScore'] })]);
    expect(issues[0].message).toMatch(/2 values but yTrue has 3/);
    expect(issuesOf(() => Metrics.brier([0, 1], [0.2, 0.4], { sampleWeight: [1] }))[0].path).toEqual(['sampleWeight']);
  });

  it('empty input', () => {
    expect(issuesOf(() => Metrics.accuracy([], []))[0]).toMatchObject({ code: 'empty', path: ['yTrue'] });
    expect(issuesOf(() => Metrics.accuracy([0, 1], [0.1, 0.2], 0.5, { sampleWeight: [0, 0] }))[0]).toMatchObject({ code: 'empty', path: ['sampleWeight'] });
  });

  it('NaN and infinite scores, every one listed with its index', () => {
    const issues = issuesOf(() => Metrics.rocAuc([0, 1, 0, 1], [Number.NaN, 0.3, Infinity, -Infinity]));
    expect(issues.map((i) => i.path)).toEqual([
      ['yScore', 0],
      ['yScore', 2],
      ['yScore', 3],
    ]);
    expect(issues.every((i) => i.code === 'not_finite')).toBe(true);
  });

  it('labels other than 0/1', () => {
    const issues = issuesOf(() => Metrics.f1([0, 2, -1, 1, 0.5], [0.1, 0.2, 0.3, 0.4, 0.5]));
    expect(issues.map((i) => i.path)).toEqual([
      ['yTrue', 1],
      ['yTrue', 2],
      ['yTrue', 4],
    ]);
    expect(issues[0].message).toMatch(/expected a label 0 \(stayed\) or 1 \(churned\)/);
  });

  it('scores outside 0..1 only for the probability metrics', () => {
    const y = [0, 1, 0, 1];
    const logits = [-2, 1.5, 1.0, 0.9];
    expect(Metrics.rocAuc(y, logits)).toBe(0.75);
    expect(Metrics.accuracy(y, logits, 0)).toBe(0.75);
    for (const fn of [() => Metrics.logLoss(y, logits), () => Metrics.brier(y, logits), () => Metrics.expectedCalibrationError(y, logits), () => Metrics.calibrationCurve(y, logits), () => Metrics.report(y, logits)]) {
      expect(issuesOf(fn).map((i) => [i.code, ...i.path])).toEqual([
        ['out_of_range', 'yScore', 0],
        ['out_of_range', 'yScore', 1],
      ]);
    }
  });

  it('rocAuc with a single class says AUC is undefined', () => {
    expect(() => Metrics.rocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toThrow(/ROC AUC is undefined: yTrue contains only churners/);
    expect(() => Metrics.rocAuc([0, 0], [0.2, 0.5])).toThrow(/ROC AUC is undefined: yTrue contains only stayers/);
    expect(issuesOf(() => Metrics.rocAuc([0, 0], [0.2, 0.5]))[0].code).toBe('undefined_metric');
    expect(() => Metrics.averagePrecision([0, 0], [0.2, 0.5])).toThrow(/average precision is undefined/);
    expect(() => Metrics.liftAt([0, 0], [0.2, 0.5], 0.1)).toThrow(/undefined/);
  });

  it('bad weights, thresholds, fractions and bins', () => {
    expect(issuesOf(() => Metrics.brier([0, 1], [0.1, 0.2], { sampleWeight: [1, -1] }))[0].path).toEqual(['sampleWeight', 1]);
    expect(issuesOf(() => Metrics.precision([0, 1], [0.1, 0.2], Number.NaN))[0].path).toEqual(['threshold']);
    expect(issuesOf(() => Metrics.liftAt([0, 1], [0.1, 0.2], 0))[0].path).toEqual(['fraction']);
    expect(issuesOf(() => Metrics.liftAt([0, 1], [0.1, 0.2], 1.5))[0].path).toEqual(['fraction']);
    expect(issuesOf(() => Metrics.expectedCalibrationError([0, 1], [0.1, 0.2], 2.5))[0].path).toEqual(['bins']);
    expect(issuesOf(() => Metrics.expectedCalibrationError([0, 1], [0.1, 0.2], 10, { strategy: 'kmeans' as never }))[0].path).toEqual(['strategy']);
    expect(issuesOf(() => Metrics.fBeta([0, 1], [0.1, 0.2], 0))[0].path).toEqual(['beta']);
    expect(issuesOf(() => Metrics.rocAuc('01' as never, [0.1, 0.2]))[0]).toMatchObject({ code: 'invalid_type', path: ['yTrue'] });
  });

  it('a million bad values list 20 and count the rest, and the message says which metric', () => {
    const n = 1_000_000;
    let caught: ValidationError | null = null;
    try {
      Metrics.rocAuc(new Float64Array(n).fill(3), new Float64Array(n));
    } catch (e) {
      caught = e as ValidationError;
    }
    expect(caught!.issues).toHaveLength(21);
    expect(caught!.issues[20]).toMatchObject({ code: 'too_many_issues', path: ['yTrue'] });
    expect(caught!.issues[20].message).toMatch(/999980 more/);
    expect(caught!.message).toMatch(/^Invalid rocAuc input \(21 issues\)/);
  });

  it('never mutates its inputs', () => {
    const y = [1, 0, 1, 0];
    const s = new Float64Array([0.9, 0.1, 0.4, 0.6]);
    Metrics.report(y, s);
    Metrics.rocCurve(y, s);
    expect(y).toEqual([1, 0, 1, 0]);
    expect(Array.from(s)).toEqual([0.9, 0.1, 0.4, 0.6]);
  });
});
