import { confusionFor } from './confusion-matrix.js';
import type { ConfusionMatrix, MetricOptions } from './types.js';

/**
 * Mean of recall and specificity, so a model that flags nobody scores 0.5 however rare churn is. As scikit-learn,
 * a class absent from `yTrue` is left out of the mean.
 */
export function balancedAccuracy(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  threshold = 0.5,
  options: MetricOptions = {},
): number {
  return _balancedAccuracy(confusionFor('balancedAccuracy', yTrue, yScore, threshold, options));
}

/** Balanced accuracy of a confusion matrix. @internal */
export function _balancedAccuracy(c: ConfusionMatrix): number {
  const rates: number[] = [];
  if (c.tn + c.fp > 0) rates.push(c.tn / (c.tn + c.fp));
  if (c.tp + c.fn > 0) rates.push(c.tp / (c.tp + c.fn));
  return rates.reduce((a, b) => a + b, 0) / rates.length;
}
