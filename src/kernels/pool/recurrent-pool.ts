import { NotSupportedError } from '../../errors.js';
import { compileRecurrentModule, instantiateRecurrent } from '../load.js';
import {
  RecurrentKernel,
  type FusedBackwardInput,
  type FusedBackwardOutput,
  type FusedForwardInput,
  type FusedForwardOutput,
  type RecurrentTape,
} from '../recurrent-kernel.js';
import { KERNEL_WORKER_SOURCE } from './worker-source.js';

/** What the fused op needs from whatever runs the kernel: one instance, or a pool of threads. */
export interface RecurrentRunner {
  /** Forward over all steps (see {@link RecurrentKernel.forward}). */
  forward(input: FusedForwardInput): FusedForwardOutput;
  /** Backward through time; frees the tape. */
  backward(tape: RecurrentTape, grads: FusedBackwardInput): FusedBackwardOutput;
  /** Frees a tape without backpropagating. */
  release(tape: RecurrentTape): void;
}

interface PortLike {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

interface PoolTape extends RecurrentTape {
  id: number;
  rows: number[];
  local?: RecurrentTape;
}

/** Row ranges of a batch split across `parts` threads: as equal as possible, in thread order. */
export function splitRows(batch: number, parts: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < parts; i++) out.push(Math.floor((batch * (i + 1)) / parts) - Math.floor((batch * i) / parts));
  return out;
}

/**
 * Data-parallel fused kernel: the calling thread runs the first slice of every batch itself and
 * `threads - 1` workers run the others, each on its own kernel instance; weight gradients are summed
 * in thread order, so results never depend on timing (they do depend on the thread count, through
 * float rounding, at the 1e-7 level). Calls stay synchronous — the caller blocks on Atomics.wait — so
 * the pool drops in under the same tfjs custom op. Needs SharedArrayBuffer and a thread allowed to
 * wait: Node, or a cross-origin-isolated browser's Web Worker (a page's main thread cannot wait).
 */
export class RecurrentPool implements RecurrentRunner {
  private exchange: SharedArrayBuffer;
  private ex: Float32Array;
  private readonly ctrl: Int32Array;
  private nextId = 1;
  private expected = 0;

  private constructor(
    private readonly workers: PortLike[],
    private readonly local: RecurrentKernel,
    ctrl: SharedArrayBuffer,
  ) {
    this.ctrl = new Int32Array(ctrl);
    this.exchange = new SharedArrayBuffer(16);
    this.ex = new Float32Array(this.exchange);
  }

  /** Threads working on each batch, the calling one included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Starts `threads - 1` workers. Rejects with NotSupportedError where SharedArrayBuffer or a
   * blocking wait is unavailable (non-isolated pages, a page's main thread).
   */
  static async create(threads: number): Promise<RecurrentPool> {
    if (!Number.isInteger(threads) || threads < 2) {
      throw new NotSupportedError(`RecurrentPool needs at least 2 threads, got ${threads}; use RecurrentKernel for one.`);
    }
    if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') {
      throw new NotSupportedError('RecurrentPool needs SharedArrayBuffer (in browsers: a cross-origin-isolated page).');
    }
    const isNode = typeof process !== 'undefined' && !!process.versions?.node;
    const g = globalThis as unknown as { document?: unknown; Worker?: new (url: string) => Worker };
    if (!isNode && g.document !== undefined) {
      throw new NotSupportedError("RecurrentPool cannot block a page's main thread; run training in a Web Worker to use threads.");
    }
    const module = await compileRecurrentModule();
    const ctrl = new SharedArrayBuffer(8);
    const workers: PortLike[] = [];
    for (let i = 1; i < threads; i++) workers.push(await spawn(isNode));
    const pool = new RecurrentPool(workers, new RecurrentKernel(instantiateRecurrent(module)), ctrl);
    pool.dispatch(workers.map(() => ({ op: 'init', module, exchange: pool.exchange, ctrl })));
    return pool;
  }

  /** Stops the workers. */
  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Forward over all steps, rows split across the threads (zero initial states only). */
  forward(input: FusedForwardInput): FusedForwardOutput {
    if (input.initialH || input.initialC) {
      throw new NotSupportedError('RecurrentPool runs from zero initial states; use RecurrentKernel for explicit ones.');
    }
    const { batch: N, steps: T, features: F, units: U } = input.shape;
    // A batch smaller than the pool (e.g. a last partial batch) runs on the calling thread alone.
    if (N < this.threads) return this.local.forward(input);
    const lstm = input.cell === 'lstm';
    const G = (lstm ? 4 : 3) * U;
    const rows = splitRows(N, this.threads);
    const o = this.reserve({
      x: N * T * F, mask: input.mask ? N * T : 0, W: F * G, R: U * G, b: G, h: N * U, c: lstm ? N * U : 0,
      hseq: input.returnSequences ? N * T * U : 0,
    });
    this.ex.set(input.x, o.x);
    if (input.mask) this.ex.set(input.mask, o.mask);
    else o.mask = -1;
    this.ex.set(input.weights.kernel, o.W);
    this.ex.set(input.weights.recurrentKernel, o.R);
    this.ex.set(input.weights.bias, o.b);
    const id = this.nextId++;
    const hard = input.recurrentActivation === 'hardSigmoid' ? 1 : 0;
    const starts = rowStarts(rows);
    this.dispatch(this.workers.map((_, w) => ({
      op: 'forward', id, cell: input.cell, N: rows[w + 1], T, F, U, n0: starts[w + 1], hard,
      seq: !!input.returnSequences, keep: !!input.keepTape, o,
    })), () => {
      const n = rows[0];
      const mine = this.local.forward({
        ...input, shape: { ...input.shape, batch: n }, x: input.x.subarray(0, n * T * F),
        mask: input.mask?.subarray(0, n * T),
      });
      this.ex.set(mine.h, o.h);
      if (mine.c) this.ex.set(mine.c, o.c);
      if (mine.sequence) this.ex.set(mine.sequence, o.hseq);
      return mine.tape;
    });
    const localTape = this.lastLocal as RecurrentTape | undefined;
    const out: { h: Float32Array; c?: Float32Array; sequence?: Float32Array; tape?: RecurrentTape } = {
      h: this.ex.slice(o.h, o.h + N * U),
    };
    if (lstm) out.c = this.ex.slice(o.c, o.c + N * U);
    if (input.returnSequences) out.sequence = this.ex.slice(o.hseq, o.hseq + N * T * U);
    if (input.keepTape) {
      const tape: PoolTape = { cell: input.cell, shape: { ...input.shape }, released: false, id, rows, local: localTape };
      out.tape = tape;
    }
    return out;
  }

  /** Backward through time on every thread; weight gradients summed in thread order. */
  backward(tape: RecurrentTape, grads: FusedBackwardInput): FusedBackwardOutput {
    const t = tape as PoolTape;
    if (t.rows === undefined) return this.local.backward(tape, grads);
    if (t.released) throw new NotSupportedError('This pool tape was already consumed or released.');
    t.released = true;
    const { batch: N, steps: T, features: F, units: U } = t.shape;
    const G = (t.cell === 'lstm' ? 4 : 3) * U;
    const wantDx = grads.inputGradient !== false;
    const slots = this.workers.length;
    const o = this.reserve({
      dSeq: grads.dSequence ? N * T * U : 0, dH: grads.dH ? N * U : 0, dX: wantDx ? N * T * F : 0,
      dW: slots * F * G, dR: slots * U * G, db: slots * G,
    });
    if (grads.dSequence) this.ex.set(grads.dSequence, o.dSeq);
    else o.dSeq = -1;
    if (grads.dH) this.ex.set(grads.dH, o.dH);
    else o.dH = -1;
    if (!wantDx) o.dX = -1;
    if (grads.dC) throw new NotSupportedError('RecurrentPool takes no gradient for the final cell state.');
    const starts = rowStarts(t.rows);
    const n0 = t.rows[0];
    this.dispatch(this.workers.map((_, w) => ({
      op: 'backward', id: t.id, n0: starts[w + 1],
      o: { dSeq: o.dSeq, dH: o.dH, dX: o.dX, dW: o.dW + w * F * G, dR: o.dR + w * U * G, db: o.db + w * G },
    })), () => {
      const mine = this.local.backward(t.local!, {
        dSequence: grads.dSequence?.subarray(0, n0 * T * U), dH: grads.dH?.subarray(0, n0 * U), inputGradient: wantDx,
      });
      if (mine.dX) this.ex.set(mine.dX, o.dX);
      return mine;
    });
    const mine = this.lastLocal as FusedBackwardOutput;
    // Fixed summation order: the calling thread's slice, then worker 1, 2, ...
    const sum = (first: Float32Array, off: number, n: number): Float32Array => {
      const out = first.slice();
      for (let w = 0; w < slots; w++) {
        const base = off + w * n;
        for (let i = 0; i < n; i++) out[i] += this.ex[base + i];
      }
      return out;
    };
    const out: { dX?: Float32Array; dKernel: Float32Array; dRecurrentKernel: Float32Array; dBias: Float32Array; dInitialH: Float32Array } = {
      dKernel: sum(mine.dKernel, o.dW, F * G),
      dRecurrentKernel: sum(mine.dRecurrentKernel, o.dR, U * G),
      dBias: sum(mine.dBias, o.db, G),
      // Initial states are zeros constants under the pool; their gradient is not gathered.
      dInitialH: new Float32Array(N * U),
    };
    if (wantDx) out.dX = this.ex.slice(o.dX, o.dX + N * T * F);
    return out;
  }

  /** Frees a tape on every thread without backpropagating. */
  release(tape: RecurrentTape): void {
    const t = tape as PoolTape;
    if (t.rows === undefined) return this.local.release(tape);
    if (t.released) return;
    t.released = true;
    if (t.local) this.local.release(t.local);
    this.dispatch(this.workers.map(() => ({ op: 'release', id: t.id })));
  }

  private lastLocal: unknown;

  /** Posts one message per worker, runs `own` meanwhile, then blocks until every worker is done. */
  private dispatch(messages: unknown[], own?: () => unknown): void {
    const ctrl = this.ctrl;
    this.expected += messages.length;
    messages.forEach((m, w) => this.workers[w].postMessage(m));
    this.lastLocal = own?.();
    for (;;) {
      const done = Atomics.load(ctrl, 0);
      if (done >= this.expected) break;
      Atomics.wait(ctrl, 0, done, 60_000);
    }
    if (Atomics.load(ctrl, 1) > 0) {
      Atomics.store(ctrl, 1, 0);
      throw new NotSupportedError('A kernel worker failed (its error is reported on stderr / the console).');
    }
  }

  /** Lays out float regions in the exchange buffer, growing (and re-sending) it when too small. */
  private reserve(sizes: Record<string, number>): Record<string, number> {
    const o: Record<string, number> = {};
    let n = 0;
    for (const [k, v] of Object.entries(sizes)) {
      o[k] = n;
      n += Math.ceil(v / 4) * 4;
    }
    if (n > this.ex.length) {
      this.exchange = new SharedArrayBuffer(Math.ceil(n * 1.25) * 4);
      this.ex = new Float32Array(this.exchange);
      this.dispatch(this.workers.map(() => ({ op: 'exchange', exchange: this.exchange })));
    }
    return o;
  }
}

function rowStarts(rows: number[]): number[] {
  const out: number[] = [];
  let s = 0;
  for (const r of rows) {
    out.push(s);
    s += r;
  }
  return out;
}

async function spawn(isNode: boolean): Promise<PortLike> {
  if (isNode) {
    const { Worker } = (await nodeImport('node:worker_threads')) as typeof import('node:worker_threads');
    const w = new Worker(KERNEL_WORKER_SOURCE, { eval: true });
    w.unref();
    w.on('message', (m: { error?: string }) => {
      if (m?.error) console.error(`churnkit kernel worker: ${m.error}`);
    });
    return w;
  }
  const url = URL.createObjectURL(new Blob([KERNEL_WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url);
  w.onmessage = (e: MessageEvent<{ error?: string }>) => {
    if (e.data?.error) console.error(`churnkit kernel worker: ${e.data.error}`);
  };
  return w;
}

/**
 * A dynamic import browser bundlers leave alone (a non-literal specifier), so pages bundle this
 * module without Node built-ins; only reached when running under Node.
 */
export function nodeImport(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}
