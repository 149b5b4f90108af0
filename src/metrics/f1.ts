import { confusionFor } from './confusion-matrix.js';
import { _fBeta } from './f-beta.js';
import type { ConfusionMatrix, MetricOptions } from './types.js';

/** F1: the harmonic mean of precision and recall, 2·tp / (2·tp + fp + fn); 0 when both are 0. */
export function f1(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, threshold = 0.5, options: MetricOptions = {}): number {
  return _f1(confusionFor('f1', yTrue, yScore, threshold, options));
}

/** F1 of a confusion matrix. @internal */
export function _f1(c: ConfusionMatrix): number {
  return _fBeta(c, 1);
}
