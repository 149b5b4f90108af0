import { confusionFor } from './confusion-matrix.js';
import type { ConfusionMatrix, MetricOptions } from './types.js';

/** Share of stayers left alone: tn / (tn + fp); 0 when everybody churned. */
export function specificity(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, threshold = 0.5, options: MetricOptions = {}): number {
  return _specificity(confusionFor('specificity', yTrue, yScore, threshold, options));
}

/** Specificity of a confusion matrix. @internal */
export function _specificity(c: ConfusionMatrix): number {
  const stayers = c.tn + c.fp;
  return stayers === 0 ? 0 : c.tn / stayers;
}
