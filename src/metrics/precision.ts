import { confusionFor } from './confusion-matrix.js';
import type { ConfusionMatrix, MetricOptions } from './types.js';

/** Share of flagged users who really churned: tp / (tp + fp); 0 when nobody is flagged, as scikit-learn's default. */
export function precision(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, threshold = 0.5, options: MetricOptions = {}): number {
  return _precision(confusionFor('precision', yTrue, yScore, threshold, options));
}

/** Precision of a confusion matrix. @internal */
export function _precision(c: ConfusionMatrix): number {
  const flagged = c.tp + c.fp;
  return flagged === 0 ? 0 : c.tp / flagged;
}
