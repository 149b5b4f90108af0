import { clfCurve, summarize, type ScoreSummary } from './score-summary.js';
import type { RocCurve, RocCurveOptions } from './types.js';
import { checkInputs, undefinedMetric } from './validate.js';

/**
 * The ROC curve as scikit-learn's `roc_curve`: one point per distinct score (ties form one point), collinear
 * equal-step runs dropped unless `dropIntermediate: false`, and a first point (0, 0) at threshold `Infinity`.
 */
export function rocCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: RocCurveOptions = {}): RocCurve {
  checkInputs('rocCurve', yTrue, yScore, options.sampleWeight);
  return _rocCurve(summarize(yTrue, yScore, options.sampleWeight), options.dropIntermediate ?? true, 'rocCurve');
}

/** ROC curve of a summary. @internal */
export function _rocCurve(s: ScoreSummary, dropIntermediate: boolean, fn: string): RocCurve {
  const c = clfCurve(s);
  const m = c.tps.length;
  const P = c.tps[m - 1];
  const N = c.fps[m - 1];
  if (P === 0 || N === 0) {
    undefinedMetric(fn, `the ROC curve is undefined: yTrue contains only ${P === 0 ? 'stayers (0)' : 'churners (1)'}; it needs both classes.`);
  }
  let keep: number[];
  if (dropIntermediate && m > 2) {
    // scikit-learn keeps a point unless both second differences are 0 (a straight run of equal steps).
    keep = [0];
    for (let k = 1; k < m - 1; k++) {
      const d2f = c.fps[k + 1] - 2 * c.fps[k] + c.fps[k - 1];
      const d2t = c.tps[k + 1] - 2 * c.tps[k] + c.tps[k - 1];
      if (d2f !== 0 || d2t !== 0) keep.push(k);
    }
    keep.push(m - 1);
  } else {
    keep = Array.from({ length: m }, (_, k) => k);
  }
  const fpr = new Float64Array(keep.length + 1);
  const tpr = new Float64Array(keep.length + 1);
  const thresholds = new Float64Array(keep.length + 1);
  thresholds[0] = Infinity;
  keep.forEach((k, i) => {
    fpr[i + 1] = c.fps[k] / N;
    tpr[i + 1] = c.tps[k] / P;
    thresholds[i + 1] = c.thresholds[k];
  });
  return { fpr, tpr, thresholds };
}
