import { accuracy } from './accuracy.js';
import { MetricsAccumulator } from './accumulator.js';
import { averagePrecision } from './average-precision.js';
import { balancedAccuracy } from './balanced-accuracy.js';
import { bestThreshold } from './best-threshold.js';
import { brier } from './brier.js';
import { calibrationCurve } from './calibration-curve.js';
import { captureRateAt } from './capture-rate-at.js';
import { confusionMatrix } from './confusion-matrix.js';
import { expectedCalibrationError } from './expected-calibration-error.js';
import { f1 } from './f1.js';
import { fBeta } from './f-beta.js';
import { gainCurve } from './gain-curve.js';
import { liftAt } from './lift-at.js';
import { logLoss } from './log-loss.js';
import { mcc } from './mcc.js';
import { prCurve } from './pr-curve.js';
import { precision } from './precision.js';
import { recall } from './recall.js';
import { report } from './report.js';
import { rocAuc } from './roc-auc.js';
import { rocCurve } from './roc-curve.js';
import { scoreHistogram } from './score-histogram.js';
import { specificity } from './specificity.js';
import { thresholdMetrics } from './threshold-metrics.js';

/**
 * Every evaluation metric churnkit knows, as static functions over labels (0 stayed, 1 churned) and scores
 * (churn probabilities, or any finite score for the ranking metrics), with optional `sampleWeight`.
 *
 * Threshold metrics flag users with score >= threshold (default 0.5). Ties in scores are treated exactly as
 * scikit-learn treats them. Each function lives in its own module; this class only gathers them.
 *
 * @example
 * ```ts
 * Metrics.rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * Metrics.bestThreshold(y, p, { recall: 0.8 }).threshold;
 * ```
 */
export class Metrics {
  private constructor() {}

  /** Confusion matrix at a threshold. */
  static confusionMatrix = confusionMatrix;
  /** Every threshold metric at once. */
  static thresholdMetrics = thresholdMetrics;
  /** (tp + tn) / total at a threshold. */
  static accuracy = accuracy;
  /** tp / (tp + fp) at a threshold. */
  static precision = precision;
  /** tp / (tp + fn) at a threshold. */
  static recall = recall;
  /** tn / (tn + fp) at a threshold. */
  static specificity = specificity;
  /** F1 at a threshold. */
  static f1 = f1;
  /** F-beta at a threshold. */
  static fBeta = fBeta;
  /** Mean of recall and specificity at a threshold. */
  static balancedAccuracy = balancedAccuracy;
  /** Matthews correlation coefficient at a threshold. */
  static mcc = mcc;
  /** ROC AUC. */
  static rocAuc = rocAuc;
  /** Average precision (PR AUC as scikit-learn). */
  static averagePrecision = averagePrecision;
  /** Log loss with scikit-learn's clipping. */
  static logLoss = logLoss;
  /** Brier score. */
  static brier = brier;
  /** Expected calibration error, equal-width or equal-mass bins. */
  static expectedCalibrationError = expectedCalibrationError;
  /** Lift in the top fraction of scores. */
  static liftAt = liftAt;
  /** Share of churners in the top fraction of scores. */
  static captureRateAt = captureRateAt;
  /** ROC curve points. */
  static rocCurve = rocCurve;
  /** Precision-recall curve points. */
  static prCurve = prCurve;
  /** Reliability diagram points. */
  static calibrationCurve = calibrationCurve;
  /** Cumulative gain curve points. */
  static gainCurve = gainCurve;
  /** Per-class score histogram. */
  static scoreHistogram = scoreHistogram;
  /** The best threshold for F1, a required recall or a cost matrix. */
  static bestThreshold = bestThreshold;
  /** The full evaluation report (JSON, Markdown, HTML). */
  static report = report;

  /** A streaming accumulator: add batches, then compute any metric exactly as the one-shot functions would. */
  static accumulator(): MetricsAccumulator {
    return new MetricsAccumulator();
  }
}
