import { confusionFor } from './confusion-matrix.js';
import type { ConfusionMatrix, MetricOptions } from './types.js';

/** Share of churners the flag caught: tp / (tp + fn); 0 when nobody churned, as scikit-learn's default. */
export function recall(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, threshold = 0.5, options: MetricOptions = {}): number {
  return _recall(confusionFor('recall', yTrue, yScore, threshold, options));
}

/** Recall of a confusion matrix. @internal */
export function _recall(c: ConfusionMatrix): number {
  const churners = c.tp + c.fn;
  return churners === 0 ? 0 : c.tp / churners;
}
