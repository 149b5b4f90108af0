import { ValidationError, describe } from '../errors.js';
import { firstAtLeast, summarize, type ScoreSummary } from './score-summary.js';
import type { ConfusionMatrix, MetricOptions } from './types.js';
import { checkInputs } from './validate.js';

/**
 * The confusion matrix when users with score >= `threshold` are flagged as churners. With `sampleWeight`, each cell
 * is a summed weight instead of a count.
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  threshold = 0.5,
  options: MetricOptions = {},
): ConfusionMatrix {
  return confusionFor('confusionMatrix', yTrue, yScore, threshold, options);
}

/** Validates inputs and threshold for a threshold metric named `fn`, then counts its confusion matrix. @internal */
export function confusionFor(
  fn: string,
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  threshold: number,
  options: MetricOptions,
): ConfusionMatrix {
  checkInputs(fn, yTrue, yScore, options.sampleWeight);
  checkThreshold(fn, threshold);
  return _confusionMatrix(summarize(yTrue, yScore, options.sampleWeight), threshold);
}

/** Throws when a threshold is not a number (NaN or a non-number); +-Infinity is allowed (flag nobody / everybody). @internal */
export function checkThreshold(fn: string, threshold: unknown): void {
  if (typeof threshold === 'number' && !Number.isNaN(threshold)) return;
  throw new ValidationError(
    [{ code: 'invalid_type', path: ['threshold'], message: `got ${describe(threshold)}, expected a number such as 0.5 (users with score >= threshold are flagged)` }],
    `${fn} input`,
  );
}

/** The confusion matrix of a summary at a threshold. @internal */
export function _confusionMatrix(s: ScoreSummary, threshold: number): ConfusionMatrix {
  const start = firstAtLeast(s, threshold);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let k = s.score.length - 1; k >= start; k--) {
    tp += s.pos[k];
    fp += s.neg[k];
  }
  for (let k = start - 1; k >= 0; k--) {
    fn += s.pos[k];
    tn += s.neg[k];
  }
  return { threshold, tp, fp, tn, fn };
}
