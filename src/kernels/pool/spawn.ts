import { NotSupportedError } from '../../errors.js';
import { KERNEL_WORKER_SOURCE } from './worker-source.js';

/** What the pool needs of a worker: Node's worker_threads Worker and the browser's Worker both fit. */
export interface PortLike {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/** A Node worker_threads worker running the kernel worker source; unref'd, so it never keeps a process alive. */
export function spawnNode(Worker: typeof import('node:worker_threads').Worker): PortLike {
  // execArgv []: the worker is plain JavaScript and needs none of the parent's loaders (tsx, test runners).
  const w = new Worker(KERNEL_WORKER_SOURCE, { eval: true, execArgv: [] });
  w.on('message', (m: { error?: string }) => {
    if (m?.error) console.error(`churnkit kernel worker: ${m.error}`);
  });
  // After the listener: adding a 'message' listener refs the worker again, which kept processes alive.
  w.unref();
  return w;
}

/** A Web Worker running the kernel worker source from a Blob URL. */
export function spawnWeb(): PortLike {
  const url = URL.createObjectURL(new Blob([KERNEL_WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url);
  w.onmessage = (e: MessageEvent<{ error?: string }>) => {
    if (e.data?.error) console.error(`churnkit kernel worker: ${e.data.error}`);
  };
  return w;
}

/** How long starting the workers may take before the kernel stays on the calling thread. */
export const START_DEADLINE_MS = 20_000;

/** The error a pool start raises when its workers are not up in time. */
export function startTimeout(deadlineMs: number): NotSupportedError {
  return new NotSupportedError(`Kernel workers did not start within ${deadlineMs / 1000} s; the kernel stays on the calling thread.`);
}

/** Rejects thread counts a pool cannot have (a pool has at least one worker beside the calling thread). */
export function requirePoolThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 2) {
    throw new NotSupportedError(`RecurrentPool needs at least 2 threads, got ${threads}; use RecurrentKernel for one.`);
  }
}
