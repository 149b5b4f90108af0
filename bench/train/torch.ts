// The PyTorch side of bench/train.ts and bench/train-fused.ts: starts bench/train/torch_side.py once
// per configuration and keeps every result, so "PyTorch's best" is the best over everything measured.
//
// Why pinned and unpinned: torch.set_num_threads(n) alone leaves Debian's OpenBLAS (pthread build)
// with its own pool of one thread per core, so "1 thread" kept ~2 cores busy. Pinned runs set
// OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS before Python starts (OpenBLAS reads them
// at load time) and the inter-op pool too; unpinned runs are the former set_num_threads(n) only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Workload } from './churnkit.js';

/** Python with Debian's python3-torch (not a pyenv shim, which has no torch). */
export const PYTHON = '/usr/bin/python3';

/** One measured PyTorch configuration. */
export interface TorchConfigResult {
  /** e.g. "pinned-1", "unpinned-2". */
  readonly config: string;
  readonly threads: number;
  readonly pinned: boolean;
  /** OS threads of the Python process at the end of the run. */
  readonly osThreads: number | null;
  readonly trainSeqPerSec: number;
  readonly inferSeqPerSec: number;
  readonly trainSeqPerCpuSec: number;
  readonly inferSeqPerCpuSec: number;
  /** Process CPU seconds per wall second while training (≈ cores kept busy). */
  readonly trainCpuPerWall: number;
  readonly inferCpuPerWall: number;
}

/** Sizes passed to torch_side.py: the reference workload plus PyTorch's inference batch. */
export interface TorchWorkload extends Workload {
  readonly inferBatch: number;
}

/** True when python3 can import torch (installing python3-torch with apt-get if allowed and missing). */
export function ensureTorch(log: (s: string) => void = () => {}): boolean {
  if (!existsSync(PYTHON)) return false;
  if (spawnSync(PYTHON, ['-I', '-c', 'import torch']).status === 0) return true;
  log('python3-torch is missing; installing it with apt-get (needs root)…');
  const install = spawnSync('apt-get', ['install', '-y', 'python3-torch'], { stdio: 'ignore' });
  return install.status === 0 && spawnSync(PYTHON, ['-I', '-c', 'import torch']).status === 0;
}

/** Runs one configuration; undefined (with the reason logged) if Python fails. */
export function runTorch(w: TorchWorkload, threads: number, pinned: boolean, log: (s: string) => void = () => {}): TorchConfigResult | undefined {
  const script = fileURLToPath(new URL('./torch_side.py', import.meta.url));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'GOTO_NUM_THREADS']) {
    if (pinned) env[k] = String(threads);
    else delete env[k];
  }
  const args = [w.sequences, w.steps, w.features, w.units, w.batchSize, w.epochs, w.inferRepeats, w.inferBatch].map(String);
  // -I: isolated mode, so nothing next to the script can shadow the real torch package.
  const run = spawnSync(PYTHON, ['-I', script, String(threads), ...args, pinned ? 'pin' : 'free'], { encoding: 'utf8', env });
  if (run.status !== 0) {
    log(`PyTorch (${pinned ? 'pinned' : 'unpinned'}, ${threads} thread(s)) failed: ${run.stderr.split('\n').slice(-3).join(' ')}`);
    return undefined;
  }
  const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as Omit<TorchConfigResult, 'config'>;
  return { config: `${pinned ? 'pinned' : 'unpinned'}-${threads}`, ...r };
}

/**
 * Pinned 1 and 2 threads, then unpinned set_num_threads(n) for each n in `unpinned` (the former
 * configurations), all in this run.
 */
export function measureTorchConfigs(w: TorchWorkload, pinned: number[] = [1, 2], unpinned: number[] = [1, 2], log: (s: string) => void = () => {}): TorchConfigResult[] {
  const out: TorchConfigResult[] = [];
  for (const [list, pin] of [[pinned, true], [unpinned, false]] as const) {
    for (const n of list) {
      log(`PyTorch, ${pin ? 'pinned' : 'unpinned'}, ${n} thread(s)…`);
      const r = runTorch(w, n, pin, log);
      if (r) out.push(r);
    }
  }
  return out;
}

/** The best figure of each kind over every configuration (NaN when none ran). */
export function torchBest(results: readonly TorchConfigResult[]): { trainSeqPerSec: number; inferSeqPerSec: number; trainSeqPerCpuSec: number; inferSeqPerCpuSec: number } {
  const best = (k: 'trainSeqPerSec' | 'inferSeqPerSec' | 'trainSeqPerCpuSec' | 'inferSeqPerCpuSec') =>
    results.length ? Math.max(...results.map((r) => r[k])) : Number.NaN;
  return {
    trainSeqPerSec: best('trainSeqPerSec'),
    inferSeqPerSec: best('inferSeqPerSec'),
    trainSeqPerCpuSec: best('trainSeqPerCpuSec'),
    inferSeqPerCpuSec: best('inferSeqPerCpuSec'),
  };
}
