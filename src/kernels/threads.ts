import { ConfigError, NotSupportedError } from '../errors.js';
import { importNode, isNode } from '../backend/runtime.js';
import { RecurrentPool, type RecurrentRunner } from './pool/recurrent-pool.js';
import { ShardedKernel } from './shards.js';
import { sharedRecurrentKernel } from './tf-op.js';

let pool: RecurrentPool | undefined;
let single: ShardedKernel | undefined;
/** True once the user has called useKernelThreads: from then on no default pool is started. */
let chosen = false;
let starting: Promise<void> | undefined;
/** Whether Node's default pool was tried (once). */
let tried = false;

/**
 * Sets how many threads the fused recurrent kernel uses for each batch (data parallel: each thread
 * takes whole shards of the batch, weight gradients are summed in a fixed shard order, so the numbers
 * are the same for any thread count). `1` runs on the calling thread; `'auto'` uses up to 4 of the
 * machine's cores.
 *
 * Without a call, Node uses `'auto'`: the first fused op starts the worker pool (on Node < 20.16 in
 * the background, with ops running on the calling thread until it is up); workers are unref'd, so
 * they never keep a process alive. Browsers default to 1. Where threads are unavailable (no
 * SharedArrayBuffer, or a browser page's main thread) it falls back to 1 and resolves to 1.
 * Resolves to the number of threads now in use.
 *
 * @example
 * ```ts
 * await useKernelThreads(1); // Node: force the calling thread only
 * await useKernelThreads(2); // Node: the calling thread + 1 worker_threads worker
 * ```
 */
export async function useKernelThreads(threads: number | 'auto'): Promise<number> {
  chosen = true;
  // A default pool still starting must finish (and be replaced) before this choice takes effect.
  await starting;
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

/** Threads the fused kernel currently uses per batch (1 before Node's default pool has started). */
export function kernelThreads(): number {
  return pool?.threads ?? 1;
}

/** What fused ops run on right now: the worker pool if one is up, else this thread's sharded kernel. */
export function kernelRunner(): RecurrentRunner {
  if (pool) return pool;
  if (!chosen && !tried && isNode()) {
    tried = true;
    startDefaultPool();
    if (pool) return pool;
  }
  single ??= new ShardedKernel(sharedRecurrentKernel());
  return single;
}

interface NodeBuiltins {
  getBuiltinModule?: (name: string) => unknown;
}

/**
 * Node's default: 'auto' threads, started right here where Node can do it synchronously
 * (process.getBuiltinModule, Node >= 20.16), else in the background. Any failure leaves the kernel on
 * the calling thread: threads are an optimisation, the numbers are the same without them.
 */
function startDefaultPool(): void {
  const get = (process as unknown as NodeBuiltins).getBuiltinModule;
  if (typeof get !== 'function') {
    starting = startDefaultPoolAsync();
    return;
  }
  try {
    const os = get('node:os') as typeof import('node:os');
    const { Worker } = get('node:worker_threads') as typeof import('node:worker_threads');
    const n = threadsFor(os.availableParallelism());
    if (n > 1) pool = RecurrentPool.createSync(n, Worker);
  } catch {
    pool = undefined;
  }
}

async function startDefaultPoolAsync(): Promise<void> {
  try {
    const n = await autoThreads();
    if (n < 2 || chosen) return;
    const started = await RecurrentPool.create(n);
    if (chosen) await started.terminate();
    else pool = started;
  } catch {
    // Stays on the calling thread.
  }
}

async function autoThreads(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  let cores = nav?.hardwareConcurrency ?? 1;
  if (isNode()) cores = (await importNode<typeof import('node:os')>('node:os')).availableParallelism();
  return threadsFor(cores);
}

/** 'auto' threads for a machine with `cores` cores: all of them, at most 4. */
function threadsFor(cores: number): number {
  return Math.max(1, Math.min(4, cores));
}
