import { confusionFor } from './confusion-matrix.js';
import type { ConfusionMatrix, MetricOptions } from './types.js';

/** Share of users whose flag (score >= threshold) matches what happened: (tp + tn) / total. */
export function accuracy(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, threshold = 0.5, options: MetricOptions = {}): number {
  return _accuracy(confusionFor('accuracy', yTrue, yScore, threshold, options));
}

/** Accuracy of a confusion matrix. @internal */
export function _accuracy(c: ConfusionMatrix): number {
  return (c.tp + c.tn) / (c.tp + c.fp + c.tn + c.fn);
}
