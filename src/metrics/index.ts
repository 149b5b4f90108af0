/**
 * Evaluation: metrics equal to scikit-learn's definitions, streaming accumulation, calibrators and the
 * evaluation report. Everything is reached through {@link Metrics} so names such as `accuracy` never clash with
 * other folders' exports.
 * @module
 */
export * from './types.js';
export { Metrics } from './metrics.js';
export { MetricsAccumulator } from './accumulator.js';
export type { GainCurve } from './gain-curve.js';
export type { ScoreHistogram } from './score-histogram.js';
export { PlattCalibrator, type PlattConfig, type PlattJSON, type PlattParameters } from './platt-calibrator.js';
export { IsotonicCalibrator, type IsotonicConfig, type IsotonicJSON } from './isotonic-calibrator.js';
export { EvaluationReport } from './report/evaluation-report.js';
export type { ReportOptions } from './report/report-options.js';
export type {
  EvaluationReportJSON,
  ReportMetrics,
  ReportCurves,
  LiftRow,
  ReportRoc,
  ReportPr,
  ReportCalibration,
  ReportGain,
  ReportHistogram,
} from './report/report-json.js';
