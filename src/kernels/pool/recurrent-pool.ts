import { importNode, isNode } from '../../backend/runtime.js';
import { NotSupportedError } from '../../errors.js';
import { compileRecurrentModule, instantiateRecurrent, recurrentModuleSync } from '../load.js';
import {
  RecurrentKernel,
  type FusedBackwardInput,
  type FusedBackwardOutput,
  type FusedForwardInput,
  type FusedForwardOutput,
  type RecurrentTape,
} from '../recurrent-kernel.js';
import { balanceRows, encodeRows, updateTimings, type EncodeInput, type EncodeTimings, type PendingEncode } from '../encode.js';
import { addInOrder, rowStarts, shardRows, ShardedKernel, splitRows, type ShardGradients } from '../shards.js';
import { requirePoolThreads, spawnNode, spawnWeb, START_DEADLINE_MS, startTimeout, type PortLike } from './spawn.js';

/** What the fused op needs from whatever runs the kernel: one instance, or a pool of threads. */
export interface RecurrentRunner {
  /** Forward over all steps (see {@link RecurrentKernel.forward}). */
  forward(input: FusedForwardInput): FusedForwardOutput;
  /** Backward through time; frees the tape. */
  backward(tape: RecurrentTape, grads: FusedBackwardInput): FusedBackwardOutput;
  /** Frees a tape without backpropagating. */
  release(tape: RecurrentTape): void;
  /** Starts an inference encode through a stack of layers (see {@link PendingEncode}). */
  startEncode(input: EncodeInput): PendingEncode;
}

interface PoolTape extends RecurrentTape {
  id: number;
  /** Shard row counts, and how many shards each thread (calling thread first) holds. */
  rows: number[];
  groups: number[];
  local?: RecurrentTape;
}

export { splitRows };

/**
 * Data-parallel fused kernel: the calling thread runs the first share of every batch itself and
 * `threads - 1` workers run the rest, each on its own kernel instance. A training batch is always cut
 * into the same 4 shards (KERNEL_SHARDS), whatever the thread count; each thread runs whole shards
 * and weight gradients are summed shard by shard in shard order — the same arithmetic as the
 * single-thread runner, so results are bit-identical for any thread count and never depend on timing.
 * Calls stay synchronous — the caller blocks on Atomics.wait — so the pool drops in under the same
 * tfjs custom op. Needs SharedArrayBuffer and a thread allowed to wait: Node, or a
 * cross-origin-isolated browser's Web Worker (a page's main thread cannot wait).
 */
export class RecurrentPool implements RecurrentRunner {
  private exchange: SharedArrayBuffer;
  private ex: Float32Array;
  private readonly ctrl: Int32Array;
  private readonly local: ShardedKernel;
  private nextId = 1;
  private expected = 0;
  /** The encode whose workers may still be running; any other call finishes it first (they share the exchange). */
  private open: PendingEncode | undefined;
  private timings: EncodeTimings | undefined;

  private constructor(
    private readonly workers: PortLike[],
    local: RecurrentKernel,
    ctrl: SharedArrayBuffer,
  ) {
    this.local = new ShardedKernel(local);
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
    requirePoolThreads(threads);
    if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') {
      throw new NotSupportedError('RecurrentPool needs SharedArrayBuffer (in browsers: a cross-origin-isolated page).');
    }
    const g = globalThis as unknown as { document?: unknown; Worker?: new (url: string) => Worker };
    if (!isNode() && g.document !== undefined) {
      throw new NotSupportedError("RecurrentPool cannot block a page's main thread; run training in a Web Worker to use threads.");
    }
    const module = await compileRecurrentModule();
    const workers: PortLike[] = [];
    if (isNode()) {
      const { Worker } = await importNode<typeof import('node:worker_threads')>('node:worker_threads');
      for (let i = 1; i < threads; i++) workers.push(spawnNode(Worker));
      return RecurrentPool.start(workers, module);
    }
    for (let i = 1; i < threads; i++) workers.push(spawnWeb());
    return RecurrentPool.startWeb(workers, module);
  }

  /**
   * Node only, synchronous: starts a pool with the given worker_threads `Worker` class (from
   * `process.getBuiltinModule`), so a fused op can start Node's default pool without waiting for the
   * event loop — training loops that only await microtasks would otherwise never see it.
   */
  static createSync(threads: number, Worker: typeof import('node:worker_threads').Worker): RecurrentPool {
    requirePoolThreads(threads);
    const workers: PortLike[] = [];
    for (let i = 1; i < threads; i++) workers.push(spawnNode(Worker));
    return RecurrentPool.start(workers, recurrentModuleSync());
  }

  /** Builds the pool and posts its workers the compiled module; each counts itself done once instantiated. */
  private static begin(workers: PortLike[], module: WebAssembly.Module): RecurrentPool {
    const ctrl = new SharedArrayBuffer(8);
    const pool = new RecurrentPool(workers, new RecurrentKernel(instantiateRecurrent(module)), ctrl);
    pool.post(workers.map((_, w) => [w, { op: 'init', module, exchange: pool.exchange, ctrl }]));
    return pool;
  }

  /** Starts the workers and blocks until each has instantiated the module. */
  private static start(workers: PortLike[], module: WebAssembly.Module): RecurrentPool {
    const pool = RecurrentPool.begin(workers, module);
    try {
      // Start-up may block the calling thread (Node's default pool starts synchronously): bound it.
      pool.waitDone(START_DEADLINE_MS);
    } catch (error) {
      for (const w of workers) void w.terminate();
      throw error;
    }
    return pool;
  }

  /**
   * Browser start. A Web Worker that a thread creates only starts once that thread returns to its
   * event loop, so the blocking wait of {@link RecurrentPool.start} would never end there: wait for
   * the workers' count without blocking.
   */
  private static async startWeb(workers: PortLike[], module: WebAssembly.Module): Promise<RecurrentPool> {
    const pool = RecurrentPool.begin(workers, module);
    const until = performance.now() + START_DEADLINE_MS;
    try {
      while (!pool.workersDone()) {
        if (performance.now() > until) throw startTimeout(START_DEADLINE_MS);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      pool.checkFailures();
    } catch (error) {
      for (const w of workers) void w.terminate();
      throw error;
    }
    return pool;
  }

  /** Stops the workers. */
  async terminate(): Promise<void> {
    this.settle();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Forward over all steps, shards spread over the threads (zero initial states only). */
  forward(input: FusedForwardInput): FusedForwardOutput {
    this.settle();
    if (input.initialH || input.initialC) {
      throw new NotSupportedError('RecurrentPool runs from zero initial states; use RecurrentKernel for explicit ones.');
    }
    const { batch: N, steps: T, features: F, units: U } = input.shape;
    const lstm = input.cell === 'lstm';
    const G = (lstm ? 4 : 3) * U;
    const keep = !!input.keepTape;
    // Training: whole fixed shards per thread. Inference: rows never mix, so an even split of rows.
    const rows = keep ? shardRows(N) : splitRows(N, Math.min(this.threads, N));
    const groups = splitRows(rows.length, Math.min(this.threads, rows.length));
    const o = this.reserve({
      x: N * T * F, mask: input.mask ? N * T : 0, W: F * G, R: U * G, b: G, h: N * U, c: lstm ? N * U : 0,
      hseq: input.returnSequences ? N * T * U : 0,
    });
    const localRows = rows.slice(0, groups[0]);
    const localN = localRows.reduce((a, b) => a + b, 0);
    // Only the workers' rows go through the exchange; the calling thread reads its own from `input`.
    this.ex.set(input.x.subarray(localN * T * F), o.x + localN * T * F);
    if (input.mask) this.ex.set(input.mask.subarray(localN * T), o.mask + localN * T);
    else o.mask = -1;
    this.ex.set(input.weights.kernel, o.W);
    this.ex.set(input.weights.recurrentKernel, o.R);
    this.ex.set(input.weights.bias, o.b);
    const id = this.nextId++;
    const hard = input.recurrentActivation === 'hardSigmoid' ? 1 : 0;
    const starts = rowStarts(rows);
    const firstShard = rowStarts(groups);
    const messages: [number, unknown][] = [];
    for (let k = 1; k < groups.length; k++) {
      const jobs = [];
      for (let s = firstShard[k]; s < firstShard[k] + groups[k]; s++) jobs.push({ n0: starts[s], N: rows[s] });
      messages.push([k - 1, { op: 'forward', id, cell: input.cell, T, F, U, hard, seq: !!input.returnSequences, keep, o, jobs }]);
    }
    let mine: FusedForwardOutput | undefined;
    this.dispatch(messages, () => {
      mine = this.local.forward({
        ...input, shape: { ...input.shape, batch: localN }, x: input.x.subarray(0, localN * T * F),
        mask: input.mask?.subarray(0, localN * T),
      }, localRows);
    });
    const h = this.ex.slice(o.h, o.h + N * U);
    h.set(mine!.h);
    const out: { h: Float32Array; c?: Float32Array; sequence?: Float32Array; tape?: RecurrentTape } = { h };
    if (lstm) {
      out.c = this.ex.slice(o.c, o.c + N * U);
      out.c.set(mine!.c!);
    }
    if (input.returnSequences) {
      out.sequence = this.ex.slice(o.hseq, o.hseq + N * T * U);
      out.sequence.set(mine!.sequence!);
    }
    if (keep) {
      const tape: PoolTape = { cell: input.cell, shape: { ...input.shape }, released: false, id, rows, groups, local: mine!.tape };
      out.tape = tape;
    }
    return out;
  }

  /** Backward through time on every thread; weight gradients summed in shard order. */
  backward(tape: RecurrentTape, grads: FusedBackwardInput): FusedBackwardOutput {
    const t = tape as PoolTape;
    if (t.groups === undefined) return this.local.backward(tape, grads);
    this.settle();
    if (t.released) throw new NotSupportedError('This pool tape was already consumed or released.');
    t.released = true;
    if (grads.dC) throw new NotSupportedError('RecurrentPool takes no gradient for the final cell state.');
    const { batch: N, steps: T, features: F, units: U } = t.shape;
    const G = (t.cell === 'lstm' ? 4 : 3) * U;
    const wantDx = grads.inputGradient !== false;
    const S = t.rows.length;
    const o = this.reserve({
      dSeq: grads.dSequence ? N * T * U : 0, dH: grads.dH ? N * U : 0, dX: wantDx ? N * T * F : 0,
      dW: S * F * G, dR: S * U * G, db: S * G,
    });
    if (grads.dSequence) this.ex.set(grads.dSequence, o.dSeq);
    else o.dSeq = -1;
    if (grads.dH) this.ex.set(grads.dH, o.dH);
    else o.dH = -1;
    if (!wantDx) o.dX = -1;
    const starts = rowStarts(t.rows);
    const firstShard = rowStarts(t.groups);
    const localN = t.groups.length > 1 ? starts[t.groups[0]] : N;
    const messages: [number, unknown][] = [];
    for (let k = 1; k < t.groups.length; k++) {
      const jobs = [];
      for (let s = firstShard[k]; s < firstShard[k] + t.groups[k]; s++) {
        jobs.push({ n0: starts[s], dW: o.dW + s * F * G, dR: o.dR + s * U * G, db: o.db + s * G });
      }
      messages.push([k - 1, { op: 'backward', id: t.id, o: { dSeq: o.dSeq, dH: o.dH, dX: o.dX }, jobs }]);
    }
    let mine: ShardGradients | undefined;
    this.dispatch(messages, () => {
      mine = this.local.backwardShards(t.local!, {
        dSequence: grads.dSequence?.subarray(0, localN * T * U), dH: grads.dH?.subarray(0, localN * U), inputGradient: wantDx,
      });
    });
    // Shard order: the calling thread holds the first shards, the workers the following ones.
    const inOrder = (own: Float32Array[], off: number, n: number): Float32Array => {
      const list = [...own];
      for (let s = own.length; s < S; s++) list.push(this.ex.subarray(off + s * n, off + (s + 1) * n));
      return addInOrder(list);
    };
    const out: { dX?: Float32Array; dKernel: Float32Array; dRecurrentKernel: Float32Array; dBias: Float32Array; dInitialH: Float32Array } = {
      dKernel: inOrder(mine!.dKernel, o.dW, F * G),
      dRecurrentKernel: inOrder(mine!.dRecurrentKernel, o.dR, U * G),
      dBias: inOrder(mine!.dBias, o.db, G),
      // Initial states are zeros constants under the pool; their gradient is not gathered.
      dInitialH: new Float32Array(N * U),
    };
    if (wantDx) {
      out.dX = this.ex.slice(o.dX, o.dX + N * T * F);
      out.dX.set(mine!.dX!);
    }
    return out;
  }

  /** Frees a tape on every thread without backpropagating. */
  release(tape: RecurrentTape): void {
    const t = tape as PoolTape;
    if (t.groups === undefined) return this.local.release(tape);
    if (t.released) return;
    t.released = true;
    this.settle();
    if (t.local) this.local.release(t.local);
    this.dispatch(t.groups.slice(1).map((_, k) => [k, { op: 'release', id: t.id }]));
  }

  /**
   * Inference through every layer, rows split between the threads: the workers' rows are posted now,
   * each worker running the whole stack on its rows; the calling thread runs its own rows in
   * `finish()`. The calling thread's share is balanced from measured times so that the work it does
   * between start and finish (scoring the previous batch, preparing the next) overlaps the workers.
   * Rows never mix, so the split changes no number.
   */
  startEncode(input: EncodeInput): PendingEncode {
    this.settle();
    const { batch: N, steps: T, features: F, units: U } = input.shape;
    const workers = this.workers.length;
    const localN = Math.max(0, Math.min(N, input.localRows ?? balanceRows(N, this.threads, this.timings)));
    const shares = splitRows(N - localN, workers);
    const sizes: Record<string, number> = { x: N * T * F, mask: input.mask ? N * T : 0, h: N * U, time: workers };
    input.layers.forEach((w, i) => Object.assign(sizes, { [`W${i}`]: w.kernel.length, [`R${i}`]: w.recurrentKernel.length, [`b${i}`]: w.bias.length }));
    const o = this.reserve(sizes);
    this.ex.set(input.x.subarray(localN * T * F), o.x + localN * T * F);
    if (input.mask) this.ex.set(input.mask.subarray(localN * T), o.mask + localN * T);
    else o.mask = -1;
    const layers = input.layers.map((w, i) => {
      this.ex.set(w.kernel, o[`W${i}`]);
      this.ex.set(w.recurrentKernel, o[`R${i}`]);
      this.ex.set(w.bias, o[`b${i}`]);
      return { W: o[`W${i}`], R: o[`R${i}`], b: o[`b${i}`] };
    });
    const hard = input.recurrentActivation === 'hardSigmoid' ? 1 : 0;
    const messages: [number, unknown][] = [];
    let n0 = localN;
    shares.forEach((n, k) => {
      if (n > 0) messages.push([k, { op: 'encode', cell: input.cell, T, F, U, hard, slot: k, layers, o: { x: o.x, mask: o.mask, h: o.h, time: o.time }, jobs: [{ n0, N: n }] }]);
      n0 += n;
    });
    this.post(messages);
    const posted = performance.now();
    let result: Float32Array | undefined;
    const pending: PendingEncode = {
      finish: () => {
        if (result) return result;
        this.open = undefined;
        const callerMs = performance.now() - posted;
        const mine = localN > 0 ? encodeRows(this.local.kernel, input, 0, localN) : new Float32Array(0);
        const localMs = performance.now() - posted - callerMs;
        this.waitDone();
        result = this.ex.slice(o.h, o.h + N * U);
        result.set(mine);
        const workerMs = shares.map((_, k) => this.ex[o.time + k]);
        this.timings = updateTimings(this.timings, { localRows: localN, localMs, workerRows: shares, workerMs, callerMs });
        return result;
      },
    };
    this.open = pending;
    return pending;
  }

  /** Finishes an encode still under way, so its workers are done with the exchange. */
  private settle(): void {
    this.open?.finish();
  }

  /** Posts [worker, message] pairs, runs `own` meanwhile, then blocks until those workers are done. */
  private dispatch(messages: [number, unknown][], own?: () => void): void {
    this.post(messages);
    own?.();
    this.waitDone();
  }

  /** Posts [worker, message] pairs; each worker counts itself done on `ctrl` when it has handled one. */
  private post(messages: [number, unknown][]): void {
    this.expected += messages.length;
    for (const [w, m] of messages) this.workers[w].postMessage(m);
  }

  /** Whether every posted message has been handled. */
  private workersDone(): boolean {
    return Atomics.load(this.ctrl, 0) >= this.expected;
  }

  /** Blocks until every posted message has been handled (at most `deadlineMs`, used at start-up). */
  private waitDone(deadlineMs = Infinity): void {
    const ctrl = this.ctrl;
    const until = performance.now() + deadlineMs;
    for (;;) {
      const done = Atomics.load(ctrl, 0);
      if (done >= this.expected) break;
      if (performance.now() > until) throw startTimeout(deadlineMs);
      Atomics.wait(ctrl, 0, done, Math.min(60_000, deadlineMs));
    }
    this.checkFailures();
  }

  /** Throws (once) when a worker reported an error while handling what was posted. */
  private checkFailures(): void {
    if (Atomics.load(this.ctrl, 1) > 0) {
      Atomics.store(this.ctrl, 1, 0);
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
      this.dispatch(this.workers.map((_, w) => [w, { op: 'exchange', exchange: this.exchange }]));
    }
    return o;
  }
}
