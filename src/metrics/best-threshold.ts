import { ValidationError, describe } from '../errors.js';
import { clfCurve, summarize, type ScoreSummary } from './score-summary.js';
import { _thresholdMetrics } from './threshold-metrics.js';
import type { MetricOptions, ThresholdChoice, ThresholdObjective } from './types.js';
import { checkInputs, undefinedMetric } from './validate.js';

/**
 * The threshold (one of the distinct scores: flag users with score >= it) that is best for an objective:
 * - `'f1'`: the highest F1;
 * - `{ recall: 0.8 }`: the highest precision among thresholds catching at least 80 % of churners (the higher
 *   recall wins a tie);
 * - `{ falsePositive, falseNegative }`: the cheapest total cost fp·falsePositive + fn·falseNegative, e.g. the cost
 *   of an offer against the value of a lost subscriber; flagging nobody (`Infinity`) is a candidate.
 *
 * Other ties go to the higher threshold (fewer users contacted).
 */
export function bestThreshold(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  objective: ThresholdObjective,
  options: MetricOptions = {},
): ThresholdChoice {
  checkInputs('bestThreshold', yTrue, yScore, options.sampleWeight);
  checkObjective(objective);
  return _bestThreshold(summarize(yTrue, yScore, options.sampleWeight), objective, 'bestThreshold');
}

/** Throws a ValidationError naming the objective field that is wrong. @internal */
export function checkObjective(objective: unknown): asserts objective is ThresholdObjective {
  const fail = (path: string[], got: unknown, expected: string): never => {
    throw new ValidationError([{ code: 'invalid_value', path: ['objective', ...path], message: `got ${describe(got)}, expected ${expected}` }], 'bestThreshold input');
  };
  if (objective === 'f1') return;
  if (objective === null || typeof objective !== 'object') {
    fail([], objective, "'f1', { recall: 0.8 } or { falsePositive: 1, falseNegative: 10 }");
  }
  const o = objective as Record<string, unknown>;
  if ('recall' in o) {
    const r = o.recall;
    if (typeof r !== 'number' || !(r > 0 && r <= 1)) fail(['recall'], r, 'a required recall in (0, 1], such as 0.8');
    return;
  }
  for (const key of ['falsePositive', 'falseNegative']) {
    const c = o[key];
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) fail([key], c, 'a finite cost >= 0 (for example the cost of one offer)');
  }
}

/** Best threshold of a summary. @internal */
export function _bestThreshold(s: ScoreSummary, objective: ThresholdObjective, fn: string): ThresholdChoice {
  const c = clfCurve(s);
  const m = c.tps.length;
  const P = c.tps[m - 1];
  let bestK = -1;
  let best = 0;
  if (objective === 'f1') {
    if (P === 0) undefinedMetric(fn, 'F1 is 0 at every threshold: yTrue has no churners (1).');
    best = -1;
    for (let k = 0; k < m; k++) {
      const f = (2 * c.tps[k]) / (2 * c.tps[k] + c.fps[k] + (P - c.tps[k]));
      if (f > best) [best, bestK] = [f, k];
    }
  } else if ('recall' in objective) {
    if (P === 0) undefinedMetric(fn, 'recall is undefined: yTrue has no churners (1).');
    best = -1;
    let bestRecall = -1;
    for (let k = 0; k < m; k++) {
      const r = c.tps[k] / P;
      if (r < objective.recall) continue;
      const p = c.tps[k] / (c.tps[k] + c.fps[k]);
      if (p > best || (p === best && r > bestRecall)) [best, bestRecall, bestK] = [p, r, k];
    }
  } else {
    // Flagging nobody costs every churner.
    best = objective.falseNegative * P;
    for (let k = 0; k < m; k++) {
      const cost = objective.falsePositive * c.fps[k] + objective.falseNegative * (P - c.tps[k]);
      if (cost < best) [best, bestK] = [cost, k];
    }
  }
  const threshold = bestK < 0 ? Infinity : c.thresholds[bestK];
  return { threshold, value: best, metrics: _thresholdMetrics(s, threshold) };
}
