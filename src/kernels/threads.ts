import { ConfigError, NotSupportedError } from '../errors.js';
import { RecurrentPool, nodeImport, type RecurrentRunner } from './pool/recurrent-pool.js';
import { sharedRecurrentKernel } from './tf-op.js';

let pool: RecurrentPool | undefined;

/**
 * Sets how many threads the fused recurrent kernel uses for each batch (data parallel: each thread
 * takes a slice of the batch, weight gradients are summed in a fixed order). `1` (the default) runs
 * on the calling thread; `'auto'` uses up to 4 of the machine's cores. Where threads are unavailable
 * (no SharedArrayBuffer, or a browser page's main thread) it falls back to 1 and resolves to 1.
 * Resolves to the number of threads now in use.
 *
 * @example
 * ```ts
 * await useKernelThreads(2); // Node: the calling thread + 1 worker_threads worker
 * ```
 */
export async function useKernelThreads(threads: number | 'auto'): Promise<number> {
  const want = threads === 'auto' ? await autoThreads() : threads;
  if (!Number.isInteger(want) || want < 1) throw new ConfigError('threads', threads, "a positive integer or 'auto'");
  if (pool && pool.threads === want) return want;
  const old = pool;
  pool = undefined;
  await old?.terminate();
  if (want === 1) return 1;
  try {
    pool = await RecurrentPool.create(want);
    return want;
  } catch (error) {
    if (error instanceof NotSupportedError) return 1;
    throw error;
  }
}

/** Threads the fused kernel currently uses per batch. */
export function kernelThreads(): number {
  return pool?.threads ?? 1;
}

/** What fused ops run on right now: the worker pool if one is set, else this thread's kernel. */
export function kernelRunner(): RecurrentRunner {
  return pool ?? sharedRecurrentKernel();
}

async function autoThreads(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  let cores = nav?.hardwareConcurrency ?? 1;
  if (typeof process !== 'undefined' && process.versions?.node) cores = ((await nodeImport('node:os')) as typeof import('node:os')).availableParallelism();
  return Math.max(1, Math.min(4, cores));
}
