import { confusionFor } from './confusion-matrix.js';
import type { ConfusionMatrix, MetricOptions } from './types.js';

/**
 * Matthews correlation coefficient between flags and outcomes, -1..1; 0 when a row or column of the confusion
 * matrix is empty (scikit-learn's convention). Unlike accuracy it stays honest when churn is rare.
 */
export function mcc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, threshold = 0.5, options: MetricOptions = {}): number {
  return _mcc(confusionFor('mcc', yTrue, yScore, threshold, options));
}

/** MCC of a confusion matrix, in scikit-learn's covariance form so rounding matches `matthews_corrcoef`. @internal */
export function _mcc(c: ConfusionMatrix): number {
  const trueStay = c.tn + c.fp;
  const trueChurn = c.fn + c.tp;
  const predStay = c.tn + c.fn;
  const predChurn = c.fp + c.tp;
  const correct = c.tn + c.tp;
  const n = predStay + predChurn;
  const covTP = correct * n - (trueStay * predStay + trueChurn * predChurn);
  const covPP = n * n - (predStay * predStay + predChurn * predChurn);
  const covTT = n * n - (trueStay * trueStay + trueChurn * trueChurn);
  if (covPP * covTT === 0) return 0;
  return covTP / Math.sqrt(covTT * covPP);
}
