import { _calibrationCurve, checkCalibrationArgs } from './calibration-curve.js';
import { summarize, type ScoreSummary } from './score-summary.js';
import type { BinStrategy, CalibrationOptions } from './types.js';

/**
 * Expected calibration error: the mean gap |observed churn rate − mean predicted probability| over the bins of
 * {@link Metrics.calibrationCurve}, each bin weighted by its share of users. 0 means "when we say 30 %, 30 % churn".
 * `strategy: 'quantile'` gives equal-mass bins, which stay populated when scores bunch up.
 */
export function expectedCalibrationError(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  bins = 10,
  options: CalibrationOptions = {},
): number {
  checkCalibrationArgs('expectedCalibrationError', yTrue, yScore, bins, options);
  return _expectedCalibrationError(summarize(yTrue, yScore, options.sampleWeight), bins, options.strategy ?? 'uniform');
}

/** ECE of a summary. @internal */
export function _expectedCalibrationError(s: ScoreSummary, bins: number, strategy: BinStrategy): number {
  const curve = _calibrationCurve(s, bins, strategy);
  let gap = 0;
  let total = 0;
  for (let b = 0; b < curve.weight.length; b++) {
    gap += curve.weight[b] * Math.abs(curve.observed[b] - curve.predicted[b]);
    total += curve.weight[b];
  }
  return gap / total;
}
