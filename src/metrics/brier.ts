import { summarize, totalsOf, type ScoreSummary } from './score-summary.js';
import type { MetricOptions } from './types.js';
import { checkInputs } from './validate.js';

/** Brier score: mean squared difference between the churn probability and the outcome, 0..1, lower is better (scikit-learn's `brier_score_loss`). */
export function brier(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: MetricOptions = {}): number {
  checkInputs('brier', yTrue, yScore, options.sampleWeight, { probability: true });
  return _brier(summarize(yTrue, yScore, options.sampleWeight));
}

/** Brier score of a summary. @internal */
export function _brier(s: ScoreSummary): number {
  let total = 0;
  for (let k = s.score.length - 1; k >= 0; k--) {
    const p = s.score[k];
    total += s.pos[k] * (1 - p) * (1 - p) + s.neg[k] * p * p;
  }
  const t = totalsOf(s);
  return total / (t.pos + t.neg);
}
