import { confusionFor } from './confusion-matrix.js';
import type { ConfusionMatrix, MetricOptions } from './types.js';
import { checkNumber } from './validate.js';

/**
 * F-beta score: (1 + beta²)·tp / ((1 + beta²)·tp + beta²·fn + fp). beta > 1 weighs missed churners more than wasted
 * offers; 0 when there is nothing to score (scikit-learn's zero_division default).
 */
export function fBeta(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  beta: number,
  threshold = 0.5,
  options: MetricOptions = {},
): number {
  checkNumber('fBeta', 'beta', beta, Number.MIN_VALUE, Number.MAX_VALUE, 'a positive number such as 2 (recall counts twice as much)');
  return _fBeta(confusionFor('fBeta', yTrue, yScore, threshold, options), beta);
}

/** F-beta of a confusion matrix. @internal */
export function _fBeta(c: ConfusionMatrix, beta: number): number {
  const b2 = beta * beta;
  const denominator = (1 + b2) * c.tp + b2 * c.fn + c.fp;
  return denominator === 0 ? 0 : ((1 + b2) * c.tp) / denominator;
}
