/**
 * Shared shapes of the metrics folder: options, confusion matrices, curves and threshold choices.
 * @module
 */

/** Options every metric accepts. */
export interface MetricOptions {
  /**
   * One non-negative weight per user (for example to up-weight high-value subscribers). Users with weight 0
   * are ignored entirely, as scikit-learn's curve functions do. Omit for equal weights.
   */
  readonly sampleWeight?: ArrayLike<number>;
}

/** How calibration bins are laid out: equal-width on 0..1 (`'uniform'`) or equal-mass by score quantile (`'quantile'`). */
export type BinStrategy = 'uniform' | 'quantile';

/** Options of the calibration metrics. */
export interface CalibrationOptions extends MetricOptions {
  /** `'uniform'` (equal-width, default) or `'quantile'` (equal-mass, edges at score percentiles as numpy computes them). */
  readonly strategy?: BinStrategy;
}

/** Options of {@link Metrics.logLoss}-style metrics that clip probabilities. */
export interface LogLossOptions extends MetricOptions {
  /** Probabilities are clipped to [eps, 1 - eps] before the log, as scikit-learn does; default `Number.EPSILON` (float64 eps). */
  readonly eps?: number;
}

/** Options of {@link Metrics.rocCurve}. */
export interface RocCurveOptions extends MetricOptions {
  /** Drop points that lie on a straight run of equal steps, as scikit-learn's `drop_intermediate=True` (default true). */
  readonly dropIntermediate?: boolean;
}

/** Counts (or summed weights) of the four outcomes when users with score >= threshold are flagged as churners. */
export interface ConfusionMatrix {
  /** The threshold used: a user is predicted positive when score >= threshold. */
  readonly threshold: number;
  /** Churners flagged (true positives). */
  readonly tp: number;
  /** Stayers flagged (false positives): retention spend on users who would have stayed. */
  readonly fp: number;
  /** Stayers not flagged (true negatives). */
  readonly tn: number;
  /** Churners missed (false negatives): users lost without an intervention. */
  readonly fn: number;
}

/** Every threshold metric at one threshold, with the confusion matrix it comes from. */
export interface ThresholdMetrics extends ConfusionMatrix {
  /** (tp + tn) / total. */
  readonly accuracy: number;
  /** tp / (tp + fp); 0 when nobody is flagged (scikit-learn's zero_division default). */
  readonly precision: number;
  /** tp / (tp + fn), the share of churners caught; 0 when there are no churners. */
  readonly recall: number;
  /** tn / (tn + fp), the share of stayers left alone; 0 when there are no stayers. */
  readonly specificity: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
  /** Mean of recall and specificity over the classes present. */
  readonly balancedAccuracy: number;
  /** Matthews correlation coefficient; 0 when undefined (scikit-learn's convention). */
  readonly mcc: number;
}

/** A ROC curve: false and true positive rates at decreasing thresholds, starting at (0, 0). */
export interface RocCurve {
  /** False positive rate at each threshold. */
  readonly fpr: Float64Array;
  /** True positive rate (recall) at each threshold. */
  readonly tpr: Float64Array;
  /** Decreasing thresholds; the first is `Infinity` (nobody flagged), as scikit-learn >= 1.3. */
  readonly thresholds: Float64Array;
}

/** A precision-recall curve laid out as scikit-learn's `precision_recall_curve`: increasing thresholds, then a final (precision 1, recall 0) point. */
export interface PrCurve {
  /** Precision at each threshold, then 1. */
  readonly precision: Float64Array;
  /** Recall at each threshold, then 0. */
  readonly recall: Float64Array;
  /** Increasing distinct scores; one shorter than `precision`. */
  readonly thresholds: Float64Array;
}

/** A reliability diagram: for each non-empty bin, the observed churn rate and the mean predicted probability. */
export interface CalibrationCurve {
  /** Observed share of positives in each non-empty bin (scikit-learn's `prob_true`). */
  readonly observed: Float64Array;
  /** Mean score in each non-empty bin (scikit-learn's `prob_pred`). */
  readonly predicted: Float64Array;
  /** Number of users (summed weight) in each non-empty bin. */
  readonly weight: Float64Array;
  /** The bin edges used, `bins + 1` values from 0 (or the lowest score) to 1 (or the highest score). */
  readonly edges: Float64Array;
}

/** What {@link Metrics.bestThreshold} optimises: F1, the best precision at a required recall, or the cheapest expected cost. */
export type ThresholdObjective = 'f1' | RecallTarget | CostMatrix;

/** The objective "the best precision while catching at least this share of churners". */
export interface RecallTarget {
  /** Required recall, in (0, 1], such as 0.8. */
  readonly recall: number;
}

/** What each kind of mistake costs, in any one unit (money, effort). */
export interface CostMatrix {
  /** Cost of flagging a user who would have stayed (an offer or discount spent for nothing). */
  readonly falsePositive: number;
  /** Cost of missing a user who churns (the lost subscription). */
  readonly falseNegative: number;
}

/** The threshold {@link Metrics.bestThreshold} chose, the objective's value there, and every metric at it. */
export interface ThresholdChoice {
  /** Flag users with score >= this. `Infinity` means flag nobody (only chosen by a cost objective). */
  readonly threshold: number;
  /** The objective's value at the threshold: F1, precision at the recall, or total cost. */
  readonly value: number;
  /** Every threshold metric at the chosen threshold. */
  readonly metrics: ThresholdMetrics;
}
