// Runs inside headless Chromium: trains a seeded ChurnLSTM through the fused kernel on the cpu
// backend and publishes its losses and predictions for the Node side to compare.
// Narrow imports: the package index also pulls Node-only ingestion (DuckDB) that a page cannot bundle.
import { useBackend } from '../../../src/backend/index.js';
import { ChurnLSTM } from '../../../src/models/churn-lstm.js';
import { Trainer } from '../../../src/train/trainer.js';
import { compileRecurrentModule, kernelThreads, useKernelThreads } from '../../../src/kernels/index.js';
import { hostHeadAvailable } from '../../../src/models/host-head.js';
import { hostScoringSwitch } from '../../../src/models/host-scoring.js';
import { fusedTinyRun } from '../fused-tiny-run.js';

async function main(): Promise<unknown> {
  await compileRecurrentModule();
  await useBackend('cpu');
  // A page's main thread may not block, so threads fall back to 1.
  const threads = await useKernelThreads(2);
  const run = await fusedTinyRun(ChurnLSTM, Trainer);
  return { ...run, threads, kernelThreads: kernelThreads(), hostHead: hostHeadAvailable(), hostScored: hostScoringSwitch.batches };
}

(window as unknown as { __result: Promise<unknown> }).__result = main().catch((e: Error) => ({ error: String(e.stack ?? e) }));
