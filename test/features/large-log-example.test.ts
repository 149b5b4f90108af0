import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/large-log.ts (small run)', () => {
  it('packs a simulated NDJSON log from a stream and fits features, with counts that reconcile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'churnkit-large-log-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/large-log.ts', '--users', '1500', '--seed', '3', '--dir', dir], { cwd: ROOT, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout.trim().split('\n').pop()!);
      expect(out.eventsWritten).toBeGreaterThan(100_000);
      expect(out.read).toBe(out.eventsWritten);
      expect(out.read).toBe(out.accepted + out.rejected);
      expect(out.packed).toBe(out.accepted);
      expect(out.reconciles).toBe(true);
      expect(out.features.users).toBe(out.labelled);
      expect(out.features.steps).toBe(12);
      expect(out.churnRate).toBeGreaterThan(0.1);
      expect(out.churnRate).toBeLessThan(0.6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
