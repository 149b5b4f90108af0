import type { EpochLog } from '../../train/history.js';
import { num, pct, short } from './format.js';
import type { EvaluationReportJSON } from './report-json.js';

/** A table as a header row and body rows of already formatted cells, shared by the Markdown and HTML renderers. @internal */
export interface Table {
  /** Section heading. */
  readonly heading: string;
  /** One sentence saying how to read the table. */
  readonly note: string;
  /** Column names. */
  readonly header: readonly string[];
  /** Formatted cells. */
  readonly rows: readonly (readonly string[])[];
}

/** The report's tables, in reading order. @internal */
export function reportTables(r: EvaluationReportJSON): Table[] {
  const m = r.metrics;
  const tables: Table[] = [
    {
      heading: 'Headline metrics',
      note: `${num(r.users)} users, ${num(r.churners)} churners (churn rate ${pct(r.churnRate)}).`,
      header: ['Metric', 'Value', 'What it tells a retention team'],
      rows: [
        ['ROC AUC', num(m.rocAuc), 'Chance a random churner is ranked above a random stayer (0.5 = random).'],
        ['Average precision', num(m.averagePrecision), `Precision averaged over recall levels; random ranking gives the churn rate (${pct(r.churnRate)}).`],
        ['Log loss', num(m.logLoss), 'Penalty for confident wrong probabilities (lower is better).'],
        ['Brier score', num(m.brier), 'Mean squared error of the probabilities (lower is better).'],
        ['ECE (equal-width)', num(m.expectedCalibrationError), 'Average gap between predicted and observed churn rates.'],
        ['ECE (equal-mass)', num(m.expectedCalibrationErrorEqualMass), 'The same with bins holding equal numbers of users.'],
      ],
    },
  ];
  const t = r.atThreshold;
  tables.push({
    heading: `At threshold ${short(t.threshold)}`,
    note: 'Users with score >= threshold are flagged as likely churners.',
    header: ['', 'Flagged', 'Not flagged'],
    rows: [
      ['Churned', num(t.tp), num(t.fn)],
      ['Stayed', num(t.fp), num(t.tn)],
    ],
  });
  const choices: [string, typeof r.bestF1][] = [[`Threshold ${short(t.threshold)}`, { threshold: t.threshold, value: t.f1, metrics: t }]];
  if (r.bestF1) choices.push(['Best F1', r.bestF1]);
  if (r.bestCost) choices.push([`Cheapest (offer ${num(r.costs?.falsePositive)}, lost churner ${num(r.costs?.falseNegative)})`, r.bestCost]);
  tables.push({
    heading: 'Threshold metrics',
    note: 'Precision: share of flagged users who churn. Recall: share of churners flagged. MCC: correlation of flags and outcomes.',
    header: ['Choice', 'Threshold', 'Accuracy', 'Precision', 'Recall', 'Specificity', 'F1', 'Balanced acc.', 'MCC'],
    rows: choices.map(([name, c]) => [
      name,
      short(c!.threshold),
      ...[c!.metrics.accuracy, c!.metrics.precision, c!.metrics.recall, c!.metrics.specificity, c!.metrics.f1, c!.metrics.balancedAccuracy, c!.metrics.mcc].map((v) => num(v)),
    ]),
  });
  if (r.lift.length > 0) {
    tables.push({
      heading: 'Lift',
      note: 'Contact the top share of users by score: lift is how many times the random rate of churners you reach.',
      header: ['Top share', 'Lift', 'Churners captured'],
      rows: r.lift.map((row) => [pct(row.fraction), num(row.lift, 2), pct(row.captureRate)]),
    });
  }
  const c = r.curves.calibration;
  tables.push({
    heading: 'Calibration',
    note: 'Per equal-width bin: mean predicted churn probability against the observed churn rate.',
    header: ['Mean predicted', 'Observed', 'Users'],
    rows: c.predicted.map((p, i) => [num(p), num(c.observed[i]), num(c.weight[i])]),
  });
  if (r.history && r.history.epochs.length > 0) {
    const cols: [string, keyof EpochLog][] = [
      ['Loss', 'loss'], ['Val loss', 'valLoss'], ['Accuracy', 'accuracy'], ['Recall', 'recall'], ['F1', 'f1'], ['AUC', 'auc'],
    ];
    const shown = cols.filter(([, key]) => r.history!.epochs.some((e) => e[key] !== undefined));
    tables.push({
      heading: 'Training history',
      note: `Best epoch ${r.history.bestEpoch}${r.history.stoppedEarly ? ' (stopped early)' : ''}.`,
      header: ['Epoch', ...shown.map(([name]) => name)],
      rows: r.history.epochs.map((e) => [String(e.epoch), ...shown.map(([, key]) => num(e[key] as number | undefined))]),
    });
  }
  return tables;
}
