import type { EpochLog } from '../../train/history.js';
import { esc, num, pct } from './format.js';
import type { EvaluationReportJSON } from './report-json.js';
import { reportTables } from './sections.js';
import { histogramChart } from './svg/histogram-chart.js';
import { lineChart, type Series } from './svg/line-chart.js';

const MODEL = '#1f6fb4';
const SECOND = '#e07b00';
const REFERENCE = '#8a8a8a';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;margin:24px auto;max-width:1400px;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}p.note{color:#555;margin:4px 0 10px}
table{border-collapse:collapse;margin:6px 0 14px}th,td{border:1px solid #ddd;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}
th{background:#f4f6f8}td.text{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;width:442px;border:1px solid #e2e2e2;border-radius:6px;padding:6px;background:#fff}
figcaption{font-size:12px;color:#555;max-width:440px;padding:2px 4px}
svg .chart-title{font-size:14px;font-weight:600;fill:#1d1d1f}svg .tick{font-size:11px;fill:#555}svg .axis-label{font-size:12px;fill:#333}
svg .legend-text{font-size:11px;fill:#333}svg .grid{stroke:#eeeeee}svg .axis{stroke:#333333}
`;

/** Renders a report as one self-contained HTML page: inline CSS and SVG only, no scripts, fonts or network. @internal */
export function reportToHTML(r: EvaluationReportJSON): string {
  const tables = reportTables(r)
    .map((t) => {
      const head = `<tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
      const body = t.rows.map((row) => `<tr>${row.map((c) => (/^[-−\d.,%∞—]/.test(c) ? `<td>${esc(c)}</td>` : `<td class="text">${esc(c)}</td>`)).join('')}</tr>`).join('');
      return `<section><h2>${esc(t.heading)}</h2><p class="note">${esc(t.note)}</p><table>${head}${body}</table></section>`;
    })
    .join('\n');
  const evaluation = evaluationCharts(r);
  const history = historyCharts(r);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(r.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(r.title)}</h1>`,
    `<p class="note">${num(r.users)} users · ${num(r.churners)} churners · churn rate ${pct(r.churnRate)} · ROC AUC ${num(r.metrics.rocAuc)} · average precision ${num(r.metrics.averagePrecision)}</p>`,
    '<h2>Charts</h2>',
    `<div class="charts">${evaluation.join('\n')}</div>`,
    history.length > 0 ? `<h2>Training history</h2><div class="charts">${history.join('\n')}</div>` : '',
    tables,
    '</body></html>',
  ].join('\n');
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

function missing(id: string, title: string, why: string): string {
  return `<figure id="${esc(id)}-missing"><figcaption><strong>${esc(title)}</strong>: ${esc(why)}</figcaption></figure>`;
}

function evaluationCharts(r: EvaluationReportJSON): string[] {
  const c = r.curves;
  const out: string[] = [];
  const diagonal = { name: 'Random', x: [0, 1], y: [0, 1], color: REFERENCE, dashed: true };
  out.push(
    c.roc
      ? figure(
          lineChart({
            id: 'chart-roc', title: `ROC curve (AUC ${num(r.metrics.rocAuc, 3)})`, xLabel: 'False positive rate (stayers flagged)',
            yLabel: 'True positive rate (churners caught)', xDomain: [0, 1], yDomain: [0, 1], legendCorner: 'bottom-right',
            series: [{ name: 'Model', x: c.roc.fpr, y: c.roc.tpr, color: MODEL }, diagonal],
          }),
          'Each point is a threshold; the further up and left, the better the ranking.',
        )
      : missing('chart-roc', 'ROC curve', 'undefined: the evaluation set has only one class.'),
  );
  out.push(
    c.pr
      ? figure(
          lineChart({
            id: 'chart-pr', title: `Precision–recall (AP ${num(r.metrics.averagePrecision, 3)})`, xLabel: 'Recall (churners caught)',
            yLabel: 'Precision (flagged who churn)', xDomain: [0, 1], yDomain: [0, 1], legendCorner: 'top-right',
            series: [
              { name: 'Model', x: c.pr.recall, y: c.pr.precision, color: MODEL },
              { name: `Random (${pct(r.churnRate)})`, x: [0, 1], y: [r.churnRate, r.churnRate], color: REFERENCE, dashed: true },
            ],
          }),
          'How precise the flagged list stays as the campaign widens to catch more churners.',
        )
      : missing('chart-pr', 'Precision–recall', 'undefined: the evaluation set has no churners.'),
  );
  out.push(
    figure(
      lineChart({
        id: 'chart-calibration', title: `Reliability diagram (ECE ${num(r.metrics.expectedCalibrationError, 3)})`,
        xLabel: 'Mean predicted churn probability', yLabel: 'Observed churn rate', xDomain: [0, 1], yDomain: [0, 1], legendCorner: 'top-left',
        series: [
          { name: 'Model', x: c.calibration.predicted, y: c.calibration.observed, color: MODEL, dots: true },
          { name: 'Perfectly calibrated', x: [0, 1], y: [0, 1], color: REFERENCE, dashed: true },
        ],
      }),
      'Points on the diagonal mean "when the model says 30 %, 30 % churn".',
    ),
  );
  if (c.gain) {
    out.push(
      figure(
        lineChart({
          id: 'chart-gain', title: 'Cumulative gain', xLabel: 'Share of users contacted (highest scores first)',
          yLabel: 'Share of churners reached', xDomain: [0, 1], yDomain: [0, 1], legendCorner: 'bottom-right',
          series: [{ name: 'Model', x: c.gain.fraction, y: c.gain.captureRate, color: MODEL }, diagonal],
        }),
        'Reading: contacting the top x % of users reaches y % of all churners.',
      ),
    );
    const lx: number[] = [];
    const ly: number[] = [];
    c.gain.fraction.forEach((f, i) => {
      if (f >= 0.01) {
        lx.push(f);
        ly.push(c.gain!.captureRate[i] / f);
      }
    });
    const top = Math.max(1.5, ...ly) * 1.08;
    out.push(
      figure(
        lineChart({
          id: 'chart-lift', title: 'Lift', xLabel: 'Share of users contacted (highest scores first)', yLabel: 'Lift over random',
          xDomain: [0, 1], yDomain: [0, top], legendCorner: 'top-right',
          series: [
            { name: 'Model', x: lx, y: ly, color: MODEL },
            { name: 'Random', x: [0, 1], y: [1, 1], color: REFERENCE, dashed: true },
          ],
        }),
        'How many times more churners than random targeting each campaign size reaches.',
      ),
    );
  } else {
    out.push(missing('chart-gain', 'Cumulative gain and lift', 'undefined: the evaluation set has no churners.'));
  }
  const h = c.histogram;
  const share = (values: readonly number[]) => {
    const total = values.reduce((a, b) => a + b, 0);
    return values.map((v) => (total > 0 ? v / total : 0));
  };
  out.push(
    figure(
      histogramChart({
        id: 'chart-histogram', title: 'Score distribution by outcome', xLabel: 'Predicted churn probability', yLabel: 'Share of the class',
        edges: h.edges,
        groups: [
          { name: 'Stayed', color: MODEL, values: share(h.negatives) },
          { name: 'Churned', color: SECOND, values: share(h.positives) },
        ],
      }),
      'Well separated humps mean the score tells churners from stayers.',
    ),
  );
  return out;
}

const HISTORY_CHARTS: { key: keyof EpochLog; id: string; title: string; label: string }[] = [
  { key: 'accuracy', id: 'chart-history-accuracy', title: 'Accuracy per epoch', label: 'Accuracy' },
  { key: 'recall', id: 'chart-history-recall', title: 'Recall per epoch', label: 'Recall' },
  { key: 'f1', id: 'chart-history-f1', title: 'F1 per epoch', label: 'F1' },
  { key: 'auc', id: 'chart-history-auc', title: 'ROC AUC per epoch', label: 'AUC' },
];

function historyCharts(r: EvaluationReportJSON): string[] {
  const history = r.history;
  if (!history || history.epochs.length === 0) return [];
  const epochs = history.epochs;
  const x = epochs.map((e) => e.epoch);
  const xDomain: [number, number] = [Math.min(...x), Math.max(Math.max(...x), Math.min(...x) + 1)];
  const marker = { x: history.bestEpoch, label: `best epoch ${history.bestEpoch}` };
  const out: string[] = [];
  const loss = epochs.map((e) => e.loss);
  const valLoss = epochs.map((e) => e.valLoss);
  const all = [...loss, ...valLoss].filter((v): v is number => v !== undefined && Number.isFinite(v));
  const series: Series[] = [{ name: 'Training loss', x, y: loss, color: MODEL, dots: epochs.length <= 40 }];
  if (valLoss.some((v) => v !== undefined)) series.push({ name: 'Validation loss', x, y: valLoss, color: SECOND, dots: epochs.length <= 40 });
  out.push(
    figure(
      lineChart({
        id: 'chart-history-loss', title: 'Loss per epoch', xLabel: 'Epoch', yLabel: 'Loss', xDomain,
        yDomain: [0, Math.max(1e-9, ...all) * 1.08], legendCorner: 'top-right', series, marker,
      }),
      'Validation loss rising while training loss falls means overfitting.',
    ),
  );
  for (const c of HISTORY_CHARTS) {
    const y = epochs.map((e) => e[c.key] as number | undefined);
    if (!y.some((v) => v !== undefined)) continue;
    out.push(
      figure(
        lineChart({
          id: c.id, title: c.title, xLabel: 'Epoch', yLabel: c.label, xDomain, yDomain: [0, 1], legendCorner: 'bottom-right',
          series: [{ name: c.label, x, y, color: MODEL, dots: epochs.length <= 40 }], marker,
        }),
        `${c.label} on the validation data (training data when there was none), threshold 0.5.`,
      ),
    );
  }
  return out;
}
