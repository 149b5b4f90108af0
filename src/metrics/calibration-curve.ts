import { summarize, type ScoreSummary } from './score-summary.js';
import type { BinStrategy, CalibrationCurve, CalibrationOptions } from './types.js';
import { checkInputs, checkNumber } from './validate.js';
import { ValidationError, describe } from '../errors.js';

/**
 * The reliability diagram as scikit-learn's `calibration_curve`: scores are binned (equal-width on 0..1, or
 * equal-mass with edges at numpy's linear percentiles), a score equal to an inner edge falls in the lower bin, and
 * each non-empty bin gives its observed churn rate and mean predicted probability.
 */
export function calibrationCurve(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  bins = 10,
  options: CalibrationOptions = {},
): CalibrationCurve {
  checkCalibrationArgs('calibrationCurve', yTrue, yScore, bins, options);
  return _calibrationCurve(summarize(yTrue, yScore, options.sampleWeight), bins, options.strategy ?? 'uniform');
}

/** Validation shared by the calibration curve and the expected calibration error. @internal */
export function checkCalibrationArgs(
  fn: string,
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  bins: number,
  options: CalibrationOptions,
): void {
  checkInputs(fn, yTrue, yScore, options.sampleWeight, { probability: true });
  checkNumber(fn, 'bins', bins, 1, 1e6, 'a whole number of bins >= 1, such as 10');
  if (!Number.isInteger(bins)) checkNumber(fn, 'bins', Number.NaN, 1, 1e6, `a whole number of bins, not ${bins}`);
  checkStrategy(fn, options.strategy);
}

/** Throws unless the strategy is 'uniform', 'quantile' or omitted. @internal */
export function checkStrategy(fn: string, strategy: unknown): void {
  if (strategy === undefined || strategy === 'uniform' || strategy === 'quantile') return;
  throw new ValidationError(
    [{ code: 'invalid_value', path: ['strategy'], message: `got ${describe(strategy)}, expected 'uniform' (equal-width) or 'quantile' (equal-mass)` }],
    `${fn} input`,
  );
}

/** Calibration curve of a summary. @internal */
export function _calibrationCurve(s: ScoreSummary, bins: number, strategy: BinStrategy): CalibrationCurve {
  const edges = strategy === 'uniform' ? uniformEdges(bins) : quantileEdges(s, bins);
  const sumScore = new Float64Array(bins);
  const sumPos = new Float64Array(bins);
  const sumWeight = new Float64Array(bins);
  let bin = 0;
  for (let k = 0; k < s.score.length; k++) {
    // numpy.searchsorted(edges[1:-1], p, 'left'): the number of inner edges strictly below p.
    while (bin < bins - 1 && edges[bin + 1] < s.score[k]) bin++;
    const w = s.pos[k] + s.neg[k];
    sumScore[bin] += s.score[k] * w;
    sumPos[bin] += s.pos[k];
    sumWeight[bin] += w;
  }
  const observed: number[] = [];
  const predicted: number[] = [];
  const weight: number[] = [];
  for (let b = 0; b < bins; b++) {
    if (sumWeight[b] === 0) continue;
    observed.push(sumPos[b] / sumWeight[b]);
    predicted.push(sumScore[b] / sumWeight[b]);
    weight.push(sumWeight[b]);
  }
  return { observed: Float64Array.from(observed), predicted: Float64Array.from(predicted), weight: Float64Array.from(weight), edges };
}

/** numpy.linspace(0, 1, bins + 1): i·(1/bins) with the last edge exactly 1. */
function uniformEdges(bins: number): Float64Array {
  const step = 1 / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = i * step;
  edges[bins] = 1;
  return edges;
}

/** numpy.percentile(scores, linspace(0, 1, bins + 1) * 100) with the default linear method, reproduced bit for bit. */
function quantileEdges(s: ScoreSummary, bins: number): Float64Array {
  const cumulative = new Float64Array(s.count.length);
  let c = 0;
  for (let k = 0; k < s.count.length; k++) cumulative[k] = c += s.count[k];
  const n = c;
  const at = (rank: number): number => {
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > rank) hi = mid;
      else lo = mid + 1;
    }
    return s.score[lo];
  };
  const q = uniformEdges(bins);
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) {
    const quantile = (q[i] * 100) / 100;
    const virtual = (n - 1) * quantile;
    if (virtual >= n - 1) {
      edges[i] = at(n - 1);
      continue;
    }
    const previous = Math.floor(virtual);
    const gamma = virtual - previous;
    const a = at(previous);
    const b = at(previous + 1);
    const diff = b - a;
    edges[i] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }
  return edges;
}
