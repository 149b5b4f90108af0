// Runs inside a dedicated Web Worker of a cross-origin-isolated page: trains the same seeded
// ChurnLSTM as fused.page.ts, but with kernel threads (nested Web Workers sharing memory), and posts
// its losses and predictions back to the page.
import { useBackend } from '../../../src/backend/index.js';
import { ChurnLSTM } from '../../../src/models/churn-lstm.js';
import { Trainer } from '../../../src/train/trainer.js';
import { compileRecurrentModule, kernelThreads, useKernelThreads } from '../../../src/kernels/index.js';
import { hostHeadAvailable } from '../../../src/models/host-head.js';
import { hostScoringSwitch } from '../../../src/models/host-scoring.js';
import { fusedTinyRun } from '../fused-tiny-run.js';

async function main(): Promise<unknown> {
  const isolated = (globalThis as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  await compileRecurrentModule();
  await useBackend('cpu');
  const threads = await useKernelThreads(2);
  const run = await fusedTinyRun(ChurnLSTM, Trainer);
  return { ...run, threads, kernelThreads: kernelThreads(), isolated, hostHead: hostHeadAvailable(), hostScored: hostScoringSwitch.batches };
}

main().then(
  (r) => postMessage(r),
  (e: Error) => postMessage({ error: String(e.stack ?? e) }),
);
