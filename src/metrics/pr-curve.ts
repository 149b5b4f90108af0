import { clfCurve, summarize, type ScoreSummary } from './score-summary.js';
import type { MetricOptions, PrCurve } from './types.js';
import { checkInputs } from './validate.js';

/**
 * The precision-recall curve as scikit-learn's `precision_recall_curve`: one point per distinct score in
 * increasing threshold order, then the point (precision 1, recall 0). With no churners recall is 1 everywhere, as
 * scikit-learn sets it.
 */
export function prCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: MetricOptions = {}): PrCurve {
  checkInputs('prCurve', yTrue, yScore, options.sampleWeight);
  return _prCurve(summarize(yTrue, yScore, options.sampleWeight));
}

/** PR curve of a summary. @internal */
export function _prCurve(s: ScoreSummary): PrCurve {
  const c = clfCurve(s);
  const m = c.tps.length;
  const positives = m === 0 ? 0 : c.tps[m - 1];
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thresholds = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const out = m - 1 - k;
    const flagged = c.tps[k] + c.fps[k];
    precision[out] = flagged === 0 ? 0 : c.tps[k] / flagged;
    recall[out] = positives === 0 ? 1 : c.tps[k] / positives;
    thresholds[out] = c.thresholds[k];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}
