import { summarize, totalsOf, type ScoreSummary } from './score-summary.js';
import type { MetricOptions } from './types.js';
import { checkInputs, checkNumber, undefinedMetric } from './validate.js';

/**
 * Share of all churners found among the top `fraction` of users by score (0.1 = the 10 % a retention campaign
 * would contact). When users tied on score straddle the cut, each tied user counts in proportion to the part of
 * the tie that fits, so the answer does not depend on input order.
 */
export function captureRateAt(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  fraction: number,
  options: MetricOptions = {},
): number {
  checkInputs('captureRateAt', yTrue, yScore, options.sampleWeight);
  checkNumber('captureRateAt', 'fraction', fraction, Number.MIN_VALUE, 1, 'a share of users in (0, 1], such as 0.1 for the top 10 %');
  return _captureRateAt(summarize(yTrue, yScore, options.sampleWeight), fraction, 'captureRateAt');
}

/** Capture rate of a summary. @internal */
export function _captureRateAt(s: ScoreSummary, fraction: number, fn: string): number {
  const t = totalsOf(s);
  if (t.pos === 0) undefinedMetric(fn, 'capture rate and lift are undefined: yTrue has no churners (1) to capture.');
  const target = fraction * (t.pos + t.neg);
  let taken = 0;
  let captured = 0;
  for (let k = s.score.length - 1; k >= 0 && taken < target; k--) {
    const group = s.pos[k] + s.neg[k];
    const share = taken + group <= target ? 1 : (target - taken) / group;
    captured += s.pos[k] * share;
    taken += group * share;
  }
  return Math.min(captured / t.pos, 1);
}
