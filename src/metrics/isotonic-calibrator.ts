import { NotFittedError, ValidationError, describe } from '../errors.js';
import { summarize } from './score-summary.js';
import type { MetricOptions } from './types.js';
import { checkInputs, checkScoreArray } from './validate.js';

/** Options of {@link IsotonicCalibrator} (none yet; kept so the config round trip has one shape). */
export type IsotonicConfig = Record<string, never>;

/** The serialized form of a fitted {@link IsotonicCalibrator}. */
export interface IsotonicJSON {
  /** Always `'IsotonicCalibrator'`. */
  readonly type: 'IsotonicCalibrator';
  /** Increasing scores at which the fitted step function changes. */
  readonly x: readonly number[];
  /** Calibrated probability at each x; linear in between, constant outside. */
  readonly y: readonly number[];
}

/**
 * Isotonic calibration: the non-decreasing step function of the score that best fits the outcomes (pool adjacent
 * violators, tied scores pooled first), interpolated linearly between steps and clipped outside the fitted range,
 * as scikit-learn's `IsotonicRegression(out_of_bounds='clip')`. More flexible than Platt scaling; needs more data
 * (a few thousand users) not to overfit.
 */
export class IsotonicCalibrator {
  private fitted: { x: Float64Array; y: Float64Array } | null = null;

  /** Creates an unfitted calibrator. */
  constructor(_config: IsotonicConfig = {}) {}

  /** Rebuilds an unfitted calibrator from {@link IsotonicCalibrator.getConfig}. */
  static fromConfig(config: IsotonicConfig): IsotonicCalibrator {
    return new IsotonicCalibrator(config);
  }

  /** Restores a fitted calibrator from {@link IsotonicCalibrator.toJSON}. */
  static fromJSON(json: IsotonicJSON): IsotonicCalibrator {
    const ok =
      json?.type === 'IsotonicCalibrator' &&
      Array.isArray(json.x) && Array.isArray(json.y) && json.x.length === json.y.length && json.x.length > 0 &&
      json.x.every((v, i) => Number.isFinite(v) && (i === 0 || v > json.x[i - 1])) &&
      json.y.every((v, i) => Number.isFinite(v) && (i === 0 || v >= json.y[i - 1]));
    if (!ok) {
      throw new ValidationError(
        [{ code: 'invalid_type', path: [], message: `got ${describe(json)}, expected the output of IsotonicCalibrator.toJSON() (increasing x, non-decreasing y)` }],
        'IsotonicCalibrator.fromJSON input',
      );
    }
    const c = new IsotonicCalibrator();
    c.fitted = { x: Float64Array.from(json.x), y: Float64Array.from(json.y) };
    return c;
  }

  /** The options, as plain JSON. */
  getConfig(): IsotonicConfig {
    return {};
  }

  /** Learns the step function from scores and outcomes (optionally weighted). Returns `this`. */
  fit(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: MetricOptions = {}): this {
    checkInputs('IsotonicCalibrator.fit', yTrue, yScore, options.sampleWeight);
    // Tied scores become one point with the weighted mean outcome (scikit-learn's _make_unique).
    const s = summarize(yTrue, yScore, options.sampleWeight);
    const m = s.score.length;
    const value: number[] = [];
    const weight: number[] = [];
    const size: number[] = [];
    for (let k = 0; k < m; k++) {
      const w = s.pos[k] + s.neg[k];
      value.push(s.pos[k] / w);
      weight.push(w);
      size.push(1);
      // Pool adjacent violators: merge the last blocks while they decrease.
      while (value.length > 1 && value[value.length - 2] > value[value.length - 1]) {
        const v2 = value.pop()!;
        const w2 = weight.pop()!;
        const n2 = size.pop()!;
        const j = value.length - 1;
        value[j] = (value[j] * weight[j] + v2 * w2) / (weight[j] + w2);
        weight[j] += w2;
        size[j] += n2;
      }
    }
    const fittedY = new Float64Array(m);
    for (let b = 0, k = 0; b < value.length; b++) for (let r = 0; r < size[b]; r++) fittedY[k++] = value[b];
    // Keep only the ends of constant runs: interpolation between them gives the same function.
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < m; k++) {
      const interior = k > 0 && k < m - 1 && fittedY[k - 1] === fittedY[k] && fittedY[k] === fittedY[k + 1];
      if (!interior) {
        xs.push(s.score[k]);
        ys.push(fittedY[k]);
      }
    }
    this.fitted = { x: Float64Array.from(xs), y: Float64Array.from(ys) };
    return this;
  }

  /** Calibrated churn probabilities for scores. */
  transform(yScore: ArrayLike<number>): Float64Array {
    const { x, y } = this.guard('transform');
    checkScoreArray('IsotonicCalibrator.transform', yScore);
    const out = new Float64Array(yScore.length);
    const last = x.length - 1;
    for (let i = 0; i < yScore.length; i++) {
      const v = yScore[i];
      if (v <= x[0]) out[i] = y[0];
      else if (v >= x[last]) out[i] = y[last];
      else {
        let lo = 0;
        let hi = last;
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          if (x[mid] <= v) lo = mid;
          else hi = mid;
        }
        const t = (v - x[lo]) / (x[hi] - x[lo]);
        out[i] = y[lo] + t * (y[hi] - y[lo]);
      }
    }
    return out;
  }

  /** The fitted calibrator as JSON, for {@link IsotonicCalibrator.fromJSON}. */
  toJSON(): IsotonicJSON {
    const { x, y } = this.guard('toJSON');
    return { type: 'IsotonicCalibrator', x: Array.from(x), y: Array.from(y) };
  }

  private guard(method: string): { x: Float64Array; y: Float64Array } {
    if (this.fitted === null) throw new NotFittedError('IsotonicCalibrator', method);
    return this.fitted;
  }
}
