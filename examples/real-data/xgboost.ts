/**
 * Runs the XGBoost baseline (bench/kddcup-xgboost.py on Debian's python3-xgboost) as a child
 * process on the same aggregate features and split as the churnkit models. Not part of the
 * library: examples only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A labelled matrix of aggregate features. */
export interface TabularSplit {
  readonly names: readonly string[];
  /** `[rows, names.length]`, row-major. */
  readonly values: Float32Array;
  readonly labels: ArrayLike<number>;
}

/** What the XGBoost run gives back: test probabilities, or why it was skipped. */
export type XGBoostResult =
  | { readonly ok: true; readonly test: Float32Array; readonly valid: Float32Array; readonly bestIteration: number; readonly seconds: number; readonly version: string }
  | { readonly ok: false; readonly reason: string };

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../bench/kddcup-xgboost.py', import.meta.url));

/** Whether /usr/bin/python3 can import xgboost. */
export function xgboostAvailable(): { ok: boolean; reason: string } {
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found` };
  const r = spawnSync(PYTHON, ['-c', 'import xgboost, numpy'], { encoding: 'utf8' });
  return r.status === 0 ? { ok: true, reason: '' } : { ok: false, reason: `python3 cannot import xgboost (apt-get install python3-xgboost): ${r.stderr.trim().split('\n').pop()}` };
}

function writeCsv(path: string, split: TabularSplit): void {
  const S = split.names.length;
  const rows = split.labels.length;
  const lines: string[] = [['label', ...split.names.map((n) => n.replace(/[^A-Za-z0-9_]/g, '_'))].join(',')];
  for (let i = 0; i < rows; i++) {
    const cells = [String(split.labels[i])];
    for (let s = 0; s < S; s++) cells.push(String(split.values[i * S + s]));
    lines.push(cells.join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Trains XGBoost on `train` with early stopping on `valid`; returns its probabilities for `test`. */
export function runXGBoost(train: TabularSplit, valid: TabularSplit, test: TabularSplit, seed = 7): XGBoostResult {
  const available = xgboostAvailable();
  if (!available.ok) return { ok: false, reason: available.reason };
  const dir = mkdtempSync(join(tmpdir(), 'churnkit-xgb-'));
  try {
    const paths = { train: join(dir, 'train.csv'), valid: join(dir, 'valid.csv'), test: join(dir, 'test.csv'), out: join(dir, 'out.json') };
    writeCsv(paths.train, train);
    writeCsv(paths.valid, valid);
    writeCsv(paths.test, { ...test, labels: new Float32Array(test.labels.length) });
    const r = spawnSync(PYTHON, [SCRIPT, '--train', paths.train, '--valid', paths.valid, '--test', paths.test, '--out', paths.out, '--seed', String(seed)], { encoding: 'utf8' });
    if (r.status !== 0) return { ok: false, reason: `xgboost script failed (exit ${r.status}): ${r.stderr.trim().slice(-500)}` };
    const out = JSON.parse(readFileSync(paths.out, 'utf8')) as { test: number[]; valid: number[]; bestIteration: number; seconds: number; xgboostVersion: string };
    return { ok: true, test: Float32Array.from(out.test), valid: Float32Array.from(out.valid), bestIteration: out.bestIteration, seconds: out.seconds, version: out.xgboostVersion };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
