import { summarize, totalsOf, type ScoreSummary } from './score-summary.js';
import type { MetricOptions } from './types.js';
import { checkInputs, undefinedMetric } from './validate.js';

/**
 * Area under the ROC curve: the probability that a random churner scores above a random stayer, ties counting
 * half (scikit-learn's `roc_auc_score`, trapezoidal over tied groups). Throws when `yTrue` has one class only.
 */
export function rocAuc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: MetricOptions = {}): number {
  checkInputs('rocAuc', yTrue, yScore, options.sampleWeight);
  return _rocAuc(summarize(yTrue, yScore, options.sampleWeight), 'rocAuc');
}

/** ROC AUC of a summary. Sums exact counts before one division, so integer counts give the exact rational. @internal */
export function _rocAuc(s: ScoreSummary, fn: string): number {
  const t = totalsOf(s);
  if (t.pos === 0 || t.neg === 0) {
    undefinedMetric(
      fn,
      `ROC AUC is undefined: yTrue contains only ${t.pos === 0 ? 'stayers (0)' : 'churners (1)'}. ` +
        'AUC compares churners with stayers, so the evaluation set needs at least one of each; use a larger or stratified split.',
    );
  }
  let area = 0;
  let tp = 0;
  for (let k = s.score.length - 1; k >= 0; k--) {
    // A tied group moves the curve diagonally: the trapezoid gives its pairs half credit.
    area += s.neg[k] * (tp + s.pos[k] / 2);
    tp += s.pos[k];
  }
  return area / (t.pos * t.neg);
}
