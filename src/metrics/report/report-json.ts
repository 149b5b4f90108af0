import type { History } from '../../train/history.js';
import type { CostMatrix, ThresholdChoice, ThresholdMetrics } from '../types.js';

/** The headline numbers of a report; `null` where a metric is undefined for the labels (for example AUC with one class). */
export interface ReportMetrics {
  /** ROC AUC. */
  readonly rocAuc: number | null;
  /** Average precision (PR AUC). */
  readonly averagePrecision: number | null;
  /** Log loss (clipped at float64 eps). */
  readonly logLoss: number;
  /** Brier score. */
  readonly brier: number;
  /** Expected calibration error with equal-width bins. */
  readonly expectedCalibrationError: number;
  /** Expected calibration error with equal-mass bins. */
  readonly expectedCalibrationErrorEqualMass: number;
}

/** One row of the lift table. */
export interface LiftRow {
  /** Share of users contacted, highest scores first. */
  readonly fraction: number;
  /** Churn rate among them divided by the overall churn rate. */
  readonly lift: number;
  /** Share of all churners among them. */
  readonly captureRate: number;
}

/** The (thinned) curves a report draws, as plain arrays. */
export interface ReportCurves {
  /** ROC curve; null with a single class. */
  readonly roc: ReportRoc | null;
  /** Precision-recall curve, recall decreasing; null without churners. */
  readonly pr: ReportPr | null;
  /** Reliability diagram with equal-width bins. */
  readonly calibration: ReportCalibration;
  /** Cumulative gain curve; null without churners. */
  readonly gain: ReportGain | null;
  /** Score histogram per class. */
  readonly histogram: ReportHistogram;
}

/** ROC points of a report. */
export interface ReportRoc {
  /** False positive rates, from 0 to 1. */
  readonly fpr: readonly number[];
  /** True positive rates, from 0 to 1. */
  readonly tpr: readonly number[];
}

/** Precision-recall points of a report. */
export interface ReportPr {
  /** Recall, decreasing to 0. */
  readonly recall: readonly number[];
  /** Precision at each recall. */
  readonly precision: readonly number[];
}

/** Reliability-diagram points of a report (non-empty equal-width bins). */
export interface ReportCalibration {
  /** Observed churn rate per bin. */
  readonly observed: readonly number[];
  /** Mean predicted probability per bin. */
  readonly predicted: readonly number[];
  /** Users (summed weight) per bin. */
  readonly weight: readonly number[];
}

/** Cumulative gain points of a report. */
export interface ReportGain {
  /** Share of users contacted, highest scores first. */
  readonly fraction: readonly number[];
  /** Share of churners among them. */
  readonly captureRate: readonly number[];
}

/** Score histogram of a report. */
export interface ReportHistogram {
  /** Bin edges. */
  readonly edges: readonly number[];
  /** Stayers per bin. */
  readonly negatives: readonly number[];
  /** Churners per bin. */
  readonly positives: readonly number[];
}

/** Everything an {@link EvaluationReport} holds, as plain JSON-safe data (`Infinity` thresholds become null in JSON text). */
export interface EvaluationReportJSON {
  /** Heading. */
  readonly title: string;
  /** Users evaluated (summed weight). */
  readonly users: number;
  /** Churners among them (summed weight). */
  readonly churners: number;
  /** churners / users. */
  readonly churnRate: number;
  /** Headline ranking and probability metrics. */
  readonly metrics: ReportMetrics;
  /** Every threshold metric at the report's threshold. */
  readonly atThreshold: ThresholdMetrics;
  /** The threshold with the best F1; null without churners. */
  readonly bestF1: ThresholdChoice | null;
  /** The cheapest threshold for the given costs; null when no costs were given. */
  readonly bestCost: ThresholdChoice | null;
  /** The costs used for `bestCost`. */
  readonly costs: CostMatrix | null;
  /** Lift and capture rate at each requested top share. */
  readonly lift: readonly LiftRow[];
  /** The curves drawn in the HTML page. */
  readonly curves: ReportCurves;
  /** The training history, when one was given. */
  readonly history: History | null;
}
