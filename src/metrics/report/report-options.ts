import type { History } from '../../train/history.js';
import type { CostMatrix } from '../types.js';

/** What {@link Metrics.report} puts in an evaluation report. Every option has a default. */
export interface ReportOptions {
  /** Heading of the report; default `'Churn model evaluation'`. */
  readonly title?: string;
  /** Threshold for the confusion matrix and threshold metrics (flag users with score >= it); default 0.5. */
  readonly threshold?: number;
  /** Number of calibration bins (equal-width and equal-mass); default 10. */
  readonly bins?: number;
  /** Top shares of users for the lift table; default [0.05, 0.1, 0.2, 0.3]. */
  readonly liftFractions?: readonly number[];
  /** Costs of a wasted offer and of a missed churner; when given, the report adds the cheapest threshold. */
  readonly costs?: CostMatrix;
  /** A training History; when given, the report adds per-epoch loss, accuracy, recall, F1 and AUC curves. */
  readonly history?: History;
  /** One weight per user, as the metrics' `sampleWeight`. */
  readonly sampleWeight?: ArrayLike<number>;
}

/** Defaults of {@link ReportOptions}, declared once. @internal */
export const REPORT_DEFAULTS = {
  title: 'Churn model evaluation',
  threshold: 0.5,
  bins: 10,
  liftFractions: [0.05, 0.1, 0.2, 0.3] as readonly number[],
  /** Curves in the report are thinned to about this many points; the full curves come from Metrics.rocCurve etc. */
  maxCurvePoints: 400,
  histogramBins: 20,
} as const;
