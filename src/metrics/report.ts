import { buildReport } from './report/build-report.js';
import type { EvaluationReport } from './report/evaluation-report.js';
import type { ReportOptions } from './report/report-options.js';
import { summarize } from './score-summary.js';
import { checkInputs } from './validate.js';

/** Builds the {@link EvaluationReport} of churn probabilities against outcomes: every metric, table and chart. */
export function report(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: ReportOptions = {}): EvaluationReport {
  checkInputs('report', yTrue, yScore, options.sampleWeight, { probability: true });
  const { sampleWeight, ...rest } = options;
  return buildReport(summarize(yTrue, yScore, sampleWeight), rest);
}
