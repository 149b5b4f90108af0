import { clfCurve, summarize, type ScoreSummary } from './score-summary.js';
import type { MetricOptions } from './types.js';
import { checkInputs, undefinedMetric } from './validate.js';

/**
 * Average precision, scikit-learn's PR AUC: the sum over distinct thresholds of (recall gained) × precision there,
 * with no interpolation; tied scores form one step. Throws when there are no churners (scikit-learn warns and
 * returns 0 there, which reads like a real score).
 */
export function averagePrecision(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: MetricOptions = {}): number {
  checkInputs('averagePrecision', yTrue, yScore, options.sampleWeight);
  return _averagePrecision(summarize(yTrue, yScore, options.sampleWeight), 'averagePrecision');
}

/** Average precision of a summary. @internal */
export function _averagePrecision(s: ScoreSummary, fn: string): number {
  const c = clfCurve(s);
  const m = c.tps.length;
  const positives = m === 0 ? 0 : c.tps[m - 1];
  if (positives === 0) {
    undefinedMetric(fn, 'average precision is undefined: yTrue has no churners (1), so there is no recall to average over.');
  }
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < m; k++) {
    const recall = c.tps[k] / positives;
    const flagged = c.tps[k] + c.fps[k];
    const precision = flagged === 0 ? 0 : c.tps[k] / flagged;
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
  }
  return ap;
}
