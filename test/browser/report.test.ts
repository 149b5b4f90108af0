import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/metrics/index.js';
import { sampleHistory, simulateScores } from '../metrics/report-fixture.js';

// Debian's Chromium only; never download a browser. Missing locally: skip and say so. Missing in CI: fail.
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must apt-get install chromium for the report test`);
if (!available) console.warn(`[report.test] skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const CHARTS = [
  'chart-roc', 'chart-pr', 'chart-calibration', 'chart-gain', 'chart-lift', 'chart-histogram',
  'chart-history-loss', 'chart-history-accuracy', 'chart-history-recall', 'chart-history-f1', 'chart-history-auc',
];

describe.skipIf(!available)('EvaluationReport.toHTML in headless Chromium', () => {
  it('opens offline and every chart is a visible SVG with non-zero size', async () => {
    const { y, s } = simulateScores(20_000, 5);
    const report = Metrics.report(y, s, { history: sampleHistory(), costs: { falsePositive: 1, falseNegative: 8 } });
    const dir = mkdtempSync(join(tmpdir(), 'churnkit-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, report.toHTML());

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`[report.test] screenshot: ${shot}`);
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      // Self-contained: the page itself is the only thing loaded.
      expect(requested).toEqual([pathToFileURL(file).href]);

      for (const id of CHARTS) {
        const svg = page.locator(`svg#${id}`);
        expect(await svg.count(), id).toBe(1);
        const box = await svg.boundingBox();
        expect(box, id).not.toBeNull();
        expect(box!.width, id).toBeGreaterThan(100);
        expect(box!.height, id).toBeGreaterThan(100);
        // Each chart draws marks: a data path (or bars) with a non-zero box of its own.
        const mark = svg.locator('path.series, rect.bar').first();
        const markBox = await mark.boundingBox();
        expect(markBox, `${id} mark`).not.toBeNull();
        expect(markBox!.width + markBox!.height, `${id} mark`).toBeGreaterThan(0);
      }
      // Axes carry labels and tick text.
      expect(await page.locator('svg#chart-roc text.axis-label').allTextContents()).toEqual([
        'False positive rate (stayers flagged)',
        'True positive rate (churners caught)',
      ]);
      expect(await page.locator('svg#chart-roc g.legend text').allTextContents()).toEqual(['Model', 'Random']);
    } finally {
      await browser.close();
    }
  });
});
