import { _accuracy } from './accuracy.js';
import { _balancedAccuracy } from './balanced-accuracy.js';
import { _confusionMatrix, confusionFor } from './confusion-matrix.js';
import { _f1 } from './f1.js';
import { _mcc } from './mcc.js';
import { _precision } from './precision.js';
import { _recall } from './recall.js';
import type { ScoreSummary } from './score-summary.js';
import { _specificity } from './specificity.js';
import type { ConfusionMatrix, MetricOptions, ThresholdMetrics } from './types.js';

/** Every threshold metric at once (one pass over the data instead of seven). */
export function thresholdMetrics(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  threshold = 0.5,
  options: MetricOptions = {},
): ThresholdMetrics {
  return _fromConfusion(confusionFor('thresholdMetrics', yTrue, yScore, threshold, options));
}

/** All threshold metrics of a summary at a threshold. @internal */
export function _thresholdMetrics(s: ScoreSummary, threshold: number): ThresholdMetrics {
  return _fromConfusion(_confusionMatrix(s, threshold));
}

/** All threshold metrics of a confusion matrix. @internal */
export function _fromConfusion(c: ConfusionMatrix): ThresholdMetrics {
  return {
    threshold: c.threshold,
    tp: c.tp,
    fp: c.fp,
    tn: c.tn,
    fn: c.fn,
    accuracy: _accuracy(c),
    precision: _precision(c),
    recall: _recall(c),
    specificity: _specificity(c),
    f1: _f1(c),
    balancedAccuracy: _balancedAccuracy(c),
    mcc: _mcc(c),
  };
}
