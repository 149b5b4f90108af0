import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { xgboostAvailable } from '../../examples/real-data/xgboost.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MINI = fileURLToPath(new URL('../fixtures/kdd-mini/', import.meta.url));

describe('examples/kddcup --json (small run on the synthetic fixture)', () => {
  it('prints exactly one JSON object with the test metrics and the baselines side by side', () => {
    const args = ['--import', 'tsx', 'examples/kddcup.ts', '--', '--train', `${MINI}courseAlpha.csv`, '--test', `${MINI}courseBeta.csv`,
      '--labels', `${MINI}truth.csv`, '--epochs', '1', '--units', '4', '--backend', 'cpu', '--quiet', '--json'];
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBe(1);
    const result = JSON.parse(lines[0]);
    for (const key of ['auc', 'prAuc', 'logLoss', 'brier', 'ece', 'n']) expect(typeof result[key]).toBe('number');
    expect(result.n).toBe(28);
    expect(result.split).toMatchObject({ testCourses: ['courseBeta'], test: 28, validationCourses: [] });
    expect(result.split.train + result.split.validation).toBe(36);
    expect(result.auc).toBeGreaterThanOrEqual(0);
    expect(result.auc).toBeLessThanOrEqual(1);
    expect(result.baselines.logistic.n).toBe(28);
    // The synthetic labels follow recent activity, so even the linear baseline ranks well above chance.
    expect(result.baselines.logistic.auc).toBeGreaterThan(0.7);
    if (xgboostAvailable().ok) expect(result.baselines.xgboost.n).toBe(28);
    else expect(result.baselines.xgboost.skipped).toMatch(/xgboost/);
  });
});
