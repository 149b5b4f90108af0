import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserAvailable, launch } from './harness.js';

const CHARTS = [
  'chart-roc', 'chart-pr', 'chart-calibration', 'chart-gain', 'chart-lift', 'chart-histogram',
  'chart-history-loss', 'chart-history-accuracy', 'chart-history-recall', 'chart-history-f1', 'chart-history-auc',
];

// The report a user actually gets: run the quickstart (small platform), open the HTML it wrote in
// Chromium, and check every chart — including the training curves from its History — is drawn.
describe.runIf(browserAvailable())('the quickstart HTML report in headless Chromium', () => {
  it('shows every chart as a visible SVG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'churnkit-quickstart-'));
    const file = join(dir, 'report.html');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts', '--users', '800', '--seed', '3', '--json', '--report', file], {
      cwd: resolve('.'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.report).toBe(file);
    expect(result.auc).toBeGreaterThan(0.5);
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      for (const id of CHARTS) {
        const box = await page.locator(`svg#${id}`).boundingBox();
        expect(box, id).not.toBeNull();
        expect(box!.width * box!.height, id).toBeGreaterThan(100 * 100);
        const mark = await page.locator(`svg#${id}`).locator('path.series, rect.bar').first().boundingBox();
        expect(mark, `${id} mark`).not.toBeNull();
      }
    } finally {
      await browser.close();
    }
  });
});
