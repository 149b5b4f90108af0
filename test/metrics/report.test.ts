import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { EvaluationReport, Metrics } from '../../src/metrics/index.js';
import { sampleHistory, simulateScores } from './report-fixture.js';

const { y, s } = simulateScores(5000, 11);
const history = sampleHistory();

describe('Metrics.report', () => {
  const report = Metrics.report(y, s, { history, costs: { falsePositive: 1, falseNegative: 8 } });
  const json = report.toJSON();

  it('holds the same numbers as the metric functions', () => {
    expect(json.users).toBe(5000);
    expect(json.churners).toBe(y.reduce((a, b) => a + b, 0));
    expect(json.metrics.rocAuc).toBe(Metrics.rocAuc(y, s));
    expect(json.metrics.rocAuc!).toBeGreaterThan(0.7);
    expect(json.metrics.averagePrecision).toBe(Metrics.averagePrecision(y, s));
    expect(json.metrics.logLoss).toBe(Metrics.logLoss(y, s));
    expect(json.metrics.brier).toBe(Metrics.brier(y, s));
    expect(json.metrics.expectedCalibrationError).toBe(Metrics.expectedCalibrationError(y, s));
    expect(json.metrics.expectedCalibrationErrorEqualMass).toBe(Metrics.expectedCalibrationError(y, s, 10, { strategy: 'quantile' }));
    expect(json.atThreshold).toEqual(Metrics.thresholdMetrics(y, s, 0.5));
    expect(json.bestF1).toEqual(Metrics.bestThreshold(y, s, 'f1'));
    expect(json.bestCost).toEqual(Metrics.bestThreshold(y, s, { falsePositive: 1, falseNegative: 8 }));
    expect(json.lift.map((r) => r.fraction)).toEqual([0.05, 0.1, 0.2, 0.3]);
    expect(json.lift[1].lift).toBeCloseTo(Metrics.liftAt(y, s, 0.1), 12);
    expect(json.lift[1].captureRate).toBe(Metrics.captureRateAt(y, s, 0.1));
    expect(json.history).toBe(history);
  });

  it('thins curves for drawing but keeps their ends', () => {
    const roc = json.curves.roc!;
    expect(roc.fpr.length).toBeLessThanOrEqual(2 * 400 + 2);
    expect([roc.fpr[0], roc.tpr[0]]).toEqual([0, 0]);
    expect([roc.fpr.at(-1), roc.tpr.at(-1)]).toEqual([1, 1]);
    expect(json.curves.gain!.captureRate.at(-1)).toBe(1);
    const h = json.curves.histogram;
    expect(h.negatives.reduce((a, b) => a + b, 0) + h.positives.reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('renders Markdown tables', () => {
    const md = report.toMarkdown();
    expect(md).toMatch(/^# Churn model evaluation/);
    for (const heading of ['## Headline metrics', '## At threshold 0.5', '## Threshold metrics', '## Lift', '## Calibration', '## Training history']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain(`| ROC AUC | ${json.metrics.rocAuc!.toFixed(4)} |`);
    expect(md).toMatch(/\| Churned \| \d+ \| \d+ \|/);
    expect(md.split('\n').filter((l) => l.startsWith('| 1')).length).toBeGreaterThan(0);
  });

  it('renders a self-contained HTML page with every chart as inline SVG', () => {
    const html = report.toHTML();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const id of ['roc', 'pr', 'calibration', 'gain', 'lift', 'histogram', 'history-loss', 'history-accuracy', 'history-recall', 'history-f1', 'history-auc']) {
      expect(html).toContain(`<svg id="chart-${id}"`);
    }
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    // The only URL is the SVG namespace, which is an identifier, not a fetch.
    expect(html.match(/https?:\/\/[^"]*/g)!.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  it('escapes the title', () => {
    const html = Metrics.report([0, 1], [0.2, 0.8], { title: '<b>Q3 & "VIP"</b>' }).toHTML();
    expect(html).toContain('&lt;b&gt;Q3 &amp; &quot;VIP&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>Q3');
  });

  it('round-trips through JSON text', () => {
    const back = EvaluationReport.fromJSON(JSON.parse(JSON.stringify(report)));
    expect(back.toMarkdown()).toBe(report.toMarkdown());
  });

  it('with a single class, AUC and the ROC chart are marked undefined instead of failing', () => {
    const r = Metrics.report([0, 0, 0], [0.1, 0.2, 0.3]);
    expect(r.toJSON().metrics.rocAuc).toBeNull();
    expect(r.toJSON().bestF1).toBeNull();
    expect(r.toHTML()).toContain('id="chart-roc-missing"');
    expect(r.toMarkdown()).toContain('| ROC AUC | — |');
  });

  it('rejects bad options by name', () => {
    expect(() => Metrics.report(y, s, { bins: 0 })).toThrow(ConfigError);
    expect(() => Metrics.report(y, s, { liftFractions: [0.1, 2] })).toThrow(/liftFractions\[1\]/);
    expect(() => Metrics.report(y, s, { history: {} as never })).toThrow(/history/);
  });
});
