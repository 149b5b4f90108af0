import { ConfigError, NotFittedError, ValidationError, describe } from '../errors.js';
import type { MetricOptions } from './types.js';
import { checkInputs, checkScoreArray } from './validate.js';

/** Options of {@link PlattCalibrator}. */
export interface PlattConfig {
  /** Fit against Platt's smoothed targets (N₊+1)/(N₊+2) and 1/(N₋+2) instead of 1 and 0, as scikit-learn does; default true. */
  readonly priorCorrection?: boolean;
  /** Newton iterations at most; default 100. */
  readonly maxIterations?: number;
  /**
   * What the scores are. `'score'` (default, as scikit-learn): any real-valued score, used as is —
   * pass logits or margins. `'probability'`: probabilities in 0..1, such as `model.predict()` gives;
   * they are turned into log-odds first, because a sigmoid of a raw probability cannot represent the
   * identity and would make an already well-calibrated model worse.
   */
  readonly input?: 'score' | 'probability';
}

/** The serialized form of a fitted {@link PlattCalibrator}. */
export interface PlattJSON {
  /** Always `'PlattCalibrator'`. */
  readonly type: 'PlattCalibrator';
  /** The options it was built with. */
  readonly config: Required<PlattConfig>;
  /** Slope: p = 1 / (1 + exp(a·score + b)). */
  readonly a: number;
  /** Intercept. */
  readonly b: number;
}

/** The two numbers Platt scaling learns: p = 1 / (1 + exp(a·score + b)). */
export interface PlattParameters {
  /** Slope (negative when higher scores mean more churn). */
  readonly a: number;
  /** Intercept. */
  readonly b: number;
}

const DEFAULTS: Required<PlattConfig> = { priorCorrection: true, maxIterations: 100, input: 'score' };

// Keeps log-odds finite for probabilities of exactly 0 or 1.
const EPS = 1e-15;

/**
 * Platt scaling: fits p = 1 / (1 + exp(a·score + b)) to held-out outcomes, turning any score (a logit, a margin,
 * an over-confident probability) into a calibrated churn probability. Monotone, so ranking metrics (AUC, AP, lift)
 * are unchanged. Fitted by Newton's method with backtracking (Lin, Lin & Weng 2007); fit on validation data,
 * never on the training data the model saw.
 */
export class PlattCalibrator {
  private readonly config: Required<PlattConfig>;
  private fitted: { a: number; b: number } | null = null;

  /** Stores the options; nothing is learned until {@link PlattCalibrator.fit}. */
  constructor(config: PlattConfig = {}) {
    this.config = { ...DEFAULTS, ...config };
    if (typeof this.config.priorCorrection !== 'boolean') throw new ConfigError('priorCorrection', this.config.priorCorrection, 'true or false');
    const it = this.config.maxIterations;
    if (!Number.isInteger(it) || it < 1) throw new ConfigError('maxIterations', it, 'a whole number >= 1, such as 100');
    if (this.config.input !== 'score' && this.config.input !== 'probability') throw new ConfigError('input', this.config.input, "'score' or 'probability'");
  }

  /** Rebuilds an unfitted calibrator from {@link PlattCalibrator.getConfig}. */
  static fromConfig(config: PlattConfig): PlattCalibrator {
    return new PlattCalibrator(config);
  }

  /** Restores a fitted calibrator from {@link PlattCalibrator.toJSON}. */
  static fromJSON(json: PlattJSON): PlattCalibrator {
    if (json?.type !== 'PlattCalibrator' || !Number.isFinite(json.a) || !Number.isFinite(json.b)) {
      throw new ValidationError(
        [{ code: 'invalid_type', path: [], message: `got ${describe(json)}, expected the output of PlattCalibrator.toJSON() ({ type: 'PlattCalibrator', a, b })` }],
        'PlattCalibrator.fromJSON input',
      );
    }
    const c = new PlattCalibrator(json.config);
    c.fitted = { a: json.a, b: json.b };
    return c;
  }

  /** The options, as plain JSON. */
  getConfig(): Required<PlattConfig> {
    return { ...this.config };
  }

  /** The fitted slope and intercept. */
  get parameters(): PlattParameters {
    return { ...this.guard('parameters') };
  }

  /** Learns a and b from scores and outcomes (optionally weighted). Returns `this`. */
  fit(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: MetricOptions = {}): this {
    checkInputs('PlattCalibrator.fit', yTrue, this.config.input === 'probability' ? checkProbabilities('PlattCalibrator.fit', yScore) : yScore, options.sampleWeight);
    yScore = this.toScores(yScore);
    const n = yTrue.length;
    const w = options.sampleWeight;
    let nPos = 0;
    let nNeg = 0;
    // Effective class sizes count weights, as scikit-learn's _sigmoid_calibration does.
    for (let i = 0; i < n; i++) {
      const wi = w === undefined ? 1 : w[i];
      if (yTrue[i] === 1) nPos += wi;
      else nNeg += wi;
    }
    const hi = this.config.priorCorrection ? (nPos + 1) / (nPos + 2) : 1;
    const lo = this.config.priorCorrection ? 1 / (nNeg + 2) : 0;
    const target = (i: number) => (yTrue[i] === 1 ? hi : lo);
    const weight = (i: number) => (w === undefined ? 1 : w[i]);
    // Objective: weighted cross-entropy of the targets under p = 1/(1+exp(a f + b)), written stably.
    const objective = (a: number, b: number): number => {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const z = yScore[i] * a + b;
        const t = target(i);
        total += weight(i) * (z >= 0 ? t * z + Math.log1p(Math.exp(-z)) : (t - 1) * z + Math.log1p(Math.exp(z)));
      }
      return total;
    };
    let a = 0;
    let b = Math.log((nNeg + 1) / (nPos + 1));
    let value = objective(a, b);
    for (let iter = 0; iter < this.config.maxIterations; iter++) {
      let h11 = 1e-12;
      let h22 = 1e-12;
      let h21 = 0;
      let g1 = 0;
      let g2 = 0;
      for (let i = 0; i < n; i++) {
        const f = yScore[i];
        const z = f * a + b;
        const e = Math.exp(-Math.abs(z));
        const p = z >= 0 ? e / (1 + e) : 1 / (1 + e);
        const q = 1 - p;
        const wi = weight(i);
        const d2 = wi * p * q;
        h11 += f * f * d2;
        h22 += d2;
        h21 += f * d2;
        const d1 = wi * (target(i) - p);
        g1 += f * d1;
        g2 += d1;
      }
      if (Math.abs(g1) < 1e-10 * Math.max(1, n) && Math.abs(g2) < 1e-10 * Math.max(1, n)) break;
      const det = h11 * h22 - h21 * h21;
      const dA = -(h22 * g1 - h21 * g2) / det;
      const dB = -(-h21 * g1 + h11 * g2) / det;
      const gd = g1 * dA + g2 * dB;
      let step = 1;
      while (step >= 1e-10) {
        const next = objective(a + step * dA, b + step * dB);
        if (next < value + 1e-4 * step * gd) {
          a += step * dA;
          b += step * dB;
          value = next;
          break;
        }
        step /= 2;
      }
      if (step < 1e-10) break;
    }
    this.fitted = { a, b };
    return this;
  }

  /** Calibrated churn probabilities for scores. */
  transform(yScore: ArrayLike<number>): Float64Array {
    const { a, b } = this.guard('transform');
    checkScoreArray('PlattCalibrator.transform', yScore);
    if (this.config.input === 'probability') checkProbabilities('PlattCalibrator.transform', yScore);
    yScore = this.toScores(yScore);
    const out = new Float64Array(yScore.length);
    for (let i = 0; i < yScore.length; i++) {
      const z = yScore[i] * a + b;
      out[i] = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
    }
    return out;
  }

  /** The fitted calibrator as JSON, for {@link PlattCalibrator.fromJSON}. */
  toJSON(): PlattJSON {
    const { a, b } = this.guard('toJSON');
    return { type: 'PlattCalibrator', config: this.getConfig(), a, b };
  }

  private toScores(yScore: ArrayLike<number>): ArrayLike<number> {
    if (this.config.input === 'score') return yScore;
    const out = new Float64Array(yScore.length);
    for (let i = 0; i < yScore.length; i++) {
      const p = Math.min(1 - EPS, Math.max(EPS, yScore[i]));
      out[i] = Math.log(p / (1 - p));
    }
    return out;
  }

  private guard(method: string): { a: number; b: number } {
    if (this.fitted === null) throw new NotFittedError('PlattCalibrator', method);
    return this.fitted;
  }
}

function checkProbabilities(where: string, yScore: ArrayLike<number>): ArrayLike<number> {
  const issues = [];
  for (let i = 0; i < yScore.length && issues.length < 20; i++) {
    const v = yScore[i];
    if (!(v >= 0 && v <= 1)) issues.push({ code: 'out_of_range', path: ['yScore', i], message: `got ${v}, expected a probability in 0..1 because input is 'probability'` });
  }
  if (issues.length) throw new ValidationError(issues, `${where} input`);
  return yScore;
}
