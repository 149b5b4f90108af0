import type { EvaluationReportJSON } from './report-json.js';
import { reportToHTML } from './to-html.js';
import { reportToMarkdown } from './to-markdown.js';

/**
 * The result of {@link Metrics.report}: every metric a retention team needs for one scored evaluation set, as
 * JSON, as Markdown, or as a self-contained HTML page with SVG charts (no scripts, no network).
 */
export class EvaluationReport {
  /** Wraps report data; use {@link Metrics.report} or {@link EvaluationReport.fromJSON} rather than calling this. */
  constructor(private readonly data: EvaluationReportJSON) {}

  /** Rebuilds a report from the output of {@link EvaluationReport.toJSON} (for example after storing it). */
  static fromJSON(json: EvaluationReportJSON): EvaluationReport {
    return new EvaluationReport(json);
  }

  /** Every number and curve as plain JSON-safe data. */
  toJSON(): EvaluationReportJSON {
    return this.data;
  }

  /** A Markdown summary: headline metrics, confusion matrix, best thresholds, lift, calibration and training history tables. */
  toMarkdown(): string {
    return reportToMarkdown(this.data);
  }

  /** A self-contained HTML page with the tables and inline SVG charts (ROC, PR, reliability, gain, lift, histograms, training curves). */
  toHTML(): string {
    return reportToHTML(this.data);
  }
}
