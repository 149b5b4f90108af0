import { _captureRateAt } from './capture-rate-at.js';
import { summarize, type ScoreSummary } from './score-summary.js';
import type { MetricOptions } from './types.js';
import { checkInputs, checkNumber } from './validate.js';

/**
 * Lift in the top `fraction` of users by score: the churn rate there divided by the overall churn rate
 * (equivalently capture rate / fraction). A lift of 3 at 0.1 means contacting the top 10 % reaches three times as
 * many churners as contacting 10 % at random. Ties at the cut are shared as in {@link Metrics.captureRateAt}.
 */
export function liftAt(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, fraction: number, options: MetricOptions = {}): number {
  checkInputs('liftAt', yTrue, yScore, options.sampleWeight);
  checkNumber('liftAt', 'fraction', fraction, Number.MIN_VALUE, 1, 'a share of users in (0, 1], such as 0.1 for the top 10 %');
  return _liftAt(summarize(yTrue, yScore, options.sampleWeight), fraction, 'liftAt');
}

/** Lift of a summary. @internal */
export function _liftAt(s: ScoreSummary, fraction: number, fn: string): number {
  return _captureRateAt(s, fraction, fn) / fraction;
}
