/** The metric set every example prints, computed with churnkit's own Metrics. */
import { Metrics, PlattCalibrator, IsotonicCalibrator } from '../../src/metrics/index.js';

/** Test-set figures of one model. */
export interface Scores {
  readonly auc: number;
  readonly prAuc: number;
  readonly logLoss: number;
  readonly brier: number;
  readonly ece: number;
  readonly n: number;
  readonly positiveRate: number;
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** AUC, PR AUC (average precision), log loss, Brier score and ECE (10 equal-width bins). */
export function score(y: ArrayLike<number>, p: ArrayLike<number>): Scores {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i];
  return {
    auc: round(Metrics.rocAuc(y, p)),
    prAuc: round(Metrics.averagePrecision(y, p)),
    logLoss: round(Metrics.logLoss(y, p)),
    brier: round(Metrics.brier(y, p)),
    ece: round(Metrics.expectedCalibrationError(y, p, 10)),
    n: y.length,
    positiveRate: round(pos / y.length),
  };
}

/** Which calibration to fit on validation scores. */
export type CalibrationKind = 'platt' | 'isotonic' | 'none';

/** Log-odds of probabilities, clipped away from 0 and 1. */
function logit(p: ArrayLike<number>): Float64Array {
  return Float64Array.from(p, (v) => {
    const q = Math.min(1 - 1e-6, Math.max(1e-6, v));
    return Math.log(q / (1 - q));
  });
}

/**
 * Fits a calibrator on validation scores and returns the mapping (identity for 'none'). Platt
 * scaling is fitted on the log-odds: p = sigmoid(a·logit + b) contains the identity, so a model
 * that is already calibrated stays so (fitted on raw probabilities it could not be).
 */
export function fitCalibration(kind: CalibrationKind, yValidation: ArrayLike<number>, pValidation: ArrayLike<number>): (p: ArrayLike<number>) => Float32Array {
  if (kind === 'none') return (p) => Float32Array.from(p);
  if (kind === 'platt') {
    const c = new PlattCalibrator().fit(yValidation, logit(pValidation));
    return (p) => Float32Array.from(c.transform(logit(p)));
  }
  const c = new IsotonicCalibrator().fit(yValidation, pValidation);
  return (p) => Float32Array.from(c.transform(p));
}
