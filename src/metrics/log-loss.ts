import { summarize, totalsOf, type ScoreSummary } from './score-summary.js';
import type { LogLossOptions } from './types.js';
import { checkInputs, checkNumber } from './validate.js';

/**
 * Mean negative log-likelihood of the outcomes under the predicted churn probabilities (lower is better).
 * Probabilities are clipped to [eps, 1 - eps] first, as scikit-learn's `log_loss`, so a confident mistake costs
 * about 36 nats instead of infinity.
 */
export function logLoss(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: LogLossOptions = {}): number {
  checkInputs('logLoss', yTrue, yScore, options.sampleWeight, { probability: true });
  const eps = options.eps ?? Number.EPSILON;
  checkNumber('logLoss', 'eps', eps, Number.MIN_VALUE, 0.49, 'a small positive number such as 1e-15');
  return _logLoss(summarize(yTrue, yScore, options.sampleWeight), eps);
}

/** Log loss of a summary. @internal */
export function _logLoss(s: ScoreSummary, eps: number): number {
  let total = 0;
  for (let k = s.score.length - 1; k >= 0; k--) {
    const p = Math.min(Math.max(s.score[k], eps), 1 - eps);
    if (s.pos[k] !== 0) total -= s.pos[k] * Math.log(p);
    if (s.neg[k] !== 0) total -= s.neg[k] * Math.log(1 - p);
  }
  const t = totalsOf(s);
  return total / (t.pos + t.neg);
}
