import { summarize, totalsOf, type ScoreSummary } from './score-summary.js';
import type { MetricOptions } from './types.js';
import { checkInputs, undefinedMetric } from './validate.js';

/** The cumulative gain curve: after contacting the top `fraction` of users by score, the share of churners reached. */
export interface GainCurve {
  /** Share of users contacted, from 0 to 1, one point per distinct score. */
  readonly fraction: Float64Array;
  /** Share of all churners among them (the capture rate). */
  readonly captureRate: Float64Array;
}

/** The cumulative gain curve, one point per distinct score from the highest down; lift at x is captureRate / fraction. */
export function gainCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: MetricOptions = {}): GainCurve {
  checkInputs('gainCurve', yTrue, yScore, options.sampleWeight);
  return _gainCurve(summarize(yTrue, yScore, options.sampleWeight), 'gainCurve');
}

/** Gain curve of a summary. @internal */
export function _gainCurve(s: ScoreSummary, fn: string): GainCurve {
  const t = totalsOf(s);
  if (t.pos === 0) undefinedMetric(fn, 'the gain curve is undefined: yTrue has no churners (1) to capture.');
  const m = s.score.length;
  const fraction = new Float64Array(m + 1);
  const captureRate = new Float64Array(m + 1);
  const total = t.pos + t.neg;
  let taken = 0;
  let captured = 0;
  for (let k = m - 1, i = 1; k >= 0; k--, i++) {
    taken += s.pos[k] + s.neg[k];
    captured += s.pos[k];
    fraction[i] = taken / total;
    captureRate[i] = captured / t.pos;
  }
  return { fraction, captureRate };
}
