import { summarize, type ScoreSummary } from './score-summary.js';
import type { MetricOptions } from './types.js';
import { checkInputs, checkNumber } from './validate.js';

/** How scores are spread within each class: counts (summed weights) of stayers and churners per equal-width bin. */
export interface ScoreHistogram {
  /** `bins + 1` edges from the lowest to the highest edge (0..1 when every score is a probability). */
  readonly edges: Float64Array;
  /** Stayers (label 0) per bin. */
  readonly negatives: Float64Array;
  /** Churners (label 1) per bin. */
  readonly positives: Float64Array;
}

/** Per-class score histogram with `bins` equal-width bins; a score on an inner edge falls in the upper bin, 1 in the last. */
export function scoreHistogram(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  bins = 20,
  options: MetricOptions = {},
): ScoreHistogram {
  checkInputs('scoreHistogram', yTrue, yScore, options.sampleWeight);
  checkNumber('scoreHistogram', 'bins', bins, 1, 1e6, 'a whole number of bins >= 1, such as 20');
  return _scoreHistogram(summarize(yTrue, yScore, options.sampleWeight), Math.floor(bins));
}

/** Score histogram of a summary. @internal */
export function _scoreHistogram(s: ScoreSummary, bins: number): ScoreHistogram {
  const m = s.score.length;
  const min = m === 0 ? 0 : s.score[0];
  const max = m === 0 ? 1 : s.score[m - 1];
  const lo = min >= 0 && max <= 1 ? 0 : min;
  const hi = min >= 0 && max <= 1 ? 1 : max > min ? max : min + 1;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = lo + ((hi - lo) * i) / bins;
  const negatives = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let k = 0; k < m; k++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(((s.score[k] - lo) / (hi - lo)) * bins)));
    negatives[b] += s.neg[k];
    positives[b] += s.pos[k];
  }
  return { edges, negatives, positives };
}
