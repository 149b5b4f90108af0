import { importNode, isNode } from '../../backend/runtime.js';
import { NotSupportedError } from '../../errors.js';
import { compileRecurrentModule, instantiateRecurrent, recurrentModuleSync } from '../load.js';
import {
  checkForward,
  RecurrentKernel,
  type FusedBackwardInput,
  type FusedBackwardOutput,
  type FusedForwardInput,
  type FusedForwardOutput,
  type RecurrentTape,
} from '../recurrent-kernel.js';
import { checkEncode, encodeRows, MIN_PIECE_ROWS, pieceRows, type EncodeInput, type PendingEncode } from '../encode.js';
import { addInOrder, rowStarts, shardRows, ShardedKernel, splitRows, type ShardGradients } from '../shards.js';
import { WorkerChannel } from './channel.js';
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
  private readonly local: ShardedKernel;
  private nextId = 1;
  /** The encode whose workers may still be running; any other call finishes it first (they share the exchange). */
  private open: PendingEncode | undefined;

  private constructor(
    private readonly channel: WorkerChannel,
    local: RecurrentKernel,
  ) {
    this.local = new ShardedKernel(local);
  }

  /** Threads working on each batch, the calling one included. */
  get threads(): number {
    return this.channel.workers.length + 1;
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
    const channel = new WorkerChannel(workers);
    channel.post(workers.map((_, w) => [w, { op: 'init', module, exchange: channel.exchange, ctrl: channel.ctrlBuffer }]));
    return new RecurrentPool(channel, new RecurrentKernel(instantiateRecurrent(module)));
  }

  /** Starts the workers and blocks until each has instantiated the module. */
  private static start(workers: PortLike[], module: WebAssembly.Module): RecurrentPool {
    const pool = RecurrentPool.begin(workers, module);
    try {
      // Start-up may block the calling thread (Node's default pool starts synchronously): bound it.
      pool.channel.waitDone(START_DEADLINE_MS);
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
      while (!pool.channel.workersDone()) {
        if (performance.now() > until) throw startTimeout(START_DEADLINE_MS);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      pool.channel.checkFailures();
    } catch (error) {
      for (const w of workers) void w.terminate();
      throw error;
    }
    return pool;
  }

  /** Stops the workers. */
  async terminate(): Promise<void> {
    this.settle();
    await Promise.all(this.channel.workers.map((w) => w.terminate()));
  }

  /** Forward over all steps, shards spread over the threads (zero initial states only). */
  forward(input: FusedForwardInput): FusedForwardOutput {
    this.settle();
    if (input.initialH || input.initialC) {
      throw new NotSupportedError('RecurrentPool runs from zero initial states; use RecurrentKernel for explicit ones.');
    }
    // The whole input, before anything is posted: each thread would only check its own rows.
    checkForward(input);
    const { batch: N, steps: T, features: F, units: U } = input.shape;
    const lstm = input.cell === 'lstm';
    const G = (lstm ? 4 : 3) * U;
    const keep = !!input.keepTape;
    // Training: whole fixed shards per thread. Inference: rows never mix, so an even split of rows.
    const rows = keep ? shardRows(N) : splitRows(N, Math.min(this.threads, N));
    const groups = splitRows(rows.length, Math.min(this.threads, rows.length));
    const o = this.channel.reserve({
      x: N * T * F, mask: input.mask ? N * T : 0, W: F * G, R: U * G, b: G, h: N * U, c: lstm ? N * U : 0,
      hseq: input.returnSequences ? N * T * U : 0,
    });
    const localRows = rows.slice(0, groups[0]);
    const localN = localRows.reduce((a, b) => a + b, 0);
    // Only the workers' rows go through the exchange; the calling thread reads its own from `input`.
    this.channel.ex.set(input.x.subarray(localN * T * F), o.x + localN * T * F);
    if (input.mask) this.channel.ex.set(input.mask.subarray(localN * T), o.mask + localN * T);
    else o.mask = -1;
    this.channel.ex.set(input.weights.kernel, o.W);
    this.channel.ex.set(input.weights.recurrentKernel, o.R);
    this.channel.ex.set(input.weights.bias, o.b);
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
    this.channel.dispatch(messages, () => {
      mine = this.local.forward({
        ...input, shape: { ...input.shape, batch: localN }, x: input.x.subarray(0, localN * T * F),
        mask: input.mask?.subarray(0, localN * T),
      }, localRows);
    });
    const h = this.channel.ex.slice(o.h, o.h + N * U);
    h.set(mine!.h);
    const out: { h: Float32Array; c?: Float32Array; sequence?: Float32Array; tape?: RecurrentTape } = { h };
    if (lstm) {
      out.c = this.channel.ex.slice(o.c, o.c + N * U);
      out.c.set(mine!.c!);
    }
    if (input.returnSequences) {
      out.sequence = this.channel.ex.slice(o.hseq, o.hseq + N * T * U);
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
    const o = this.channel.reserve({
      dSeq: grads.dSequence ? N * T * U : 0, dH: grads.dH ? N * U : 0, dX: wantDx ? N * T * F : 0,
      dW: S * F * G, dR: S * U * G, db: S * G,
    });
    if (grads.dSequence) this.channel.ex.set(grads.dSequence, o.dSeq);
    else o.dSeq = -1;
    if (grads.dH) this.channel.ex.set(grads.dH, o.dH);
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
    this.channel.dispatch(messages, () => {
      mine = this.local.backwardShards(t.local!, {
        dSequence: grads.dSequence?.subarray(0, localN * T * U), dH: grads.dH?.subarray(0, localN * U), inputGradient: wantDx,
      });
    });
    // Shard order: the calling thread holds the first shards, the workers the following ones.
    const inOrder = (own: Float32Array[], off: number, n: number): Float32Array => {
      const list = [...own];
      for (let s = own.length; s < S; s++) list.push(this.channel.ex.subarray(off + s * n, off + (s + 1) * n));
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
      out.dX = this.channel.ex.slice(o.dX, o.dX + N * T * F);
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
    this.channel.dispatch(t.groups.slice(1).map((_, k) => [k, { op: 'release', id: t.id }]));
  }

  /**
   * Inference through every layer, rows shared out as the threads ask for them: the workers are
   * posted the encode now and start claiming pieces of rows (see pieceRows), each running the whole
   * stack on its piece; the calling thread joins in `finish()` after its own work (scoring the previous
   * batch, preparing the next), so that work overlaps the workers, and claims what is left. Pieces
   * shrink towards the end, so the threads finish together whatever their speeds. Rows never mix,
   * so who ran which rows changes no number.
   */
  startEncode(input: EncodeInput): PendingEncode {
    this.settle();
    checkEncode(input);
    const { batch: N, steps: T, features: F, units: U } = input.shape;
    const sizes: Record<string, number> = { x: N * T * F, mask: input.mask ? N * T : 0, h: N * U };
    input.layers.forEach((w, i) => Object.assign(sizes, { [`W${i}`]: w.kernel.length, [`R${i}`]: w.recurrentKernel.length, [`b${i}`]: w.bias.length }));
    const o = this.channel.reserve(sizes);
    const ex = this.channel.ex;
    ex.set(input.x, o.x);
    if (input.mask) ex.set(input.mask, o.mask);
    else o.mask = -1;
    const layers = input.layers.map((w, i) => {
      ex.set(w.kernel, o[`W${i}`]);
      ex.set(w.recurrentKernel, o[`R${i}`]);
      ex.set(w.bias, o[`b${i}`]);
      return { W: o[`W${i}`], R: o[`R${i}`], b: o[`b${i}`] };
    });
    const hard = input.recurrentActivation === 'hardSigmoid' ? 1 : 0;
    const piece = { threads: this.threads, fixed: input.pieceRows ?? 0, min: MIN_PIECE_ROWS };
    this.channel.rewindRows();
    this.channel.post(this.channel.workers.map((_, k) => [k, { op: 'encode', cell: input.cell, T, F, U, N, hard, layers, piece, o: { x: o.x, mask: o.mask, h: o.h } }]));
    let result: Float32Array | undefined;
    const pending: PendingEncode = {
      finish: () => {
        if (result) return result;
        this.open = undefined;
        const mine: [number, Float32Array][] = [];
        try {
          const size = (start: number) => pieceRows(N, start, this.threads, input.pieceRows);
          for (let p = this.channel.claimRows(N, size); p; p = this.channel.claimRows(N, size)) {
            mine.push([p[0], encodeRows(this.local.kernel, input, p[0], p[1])]);
          }
        } finally {
          // Even when this thread's rows failed: the workers must be done with the exchange before it is reused.
          this.channel.waitDone();
        }
        result = this.channel.ex.slice(o.h, o.h + N * U);
        for (const [n0, h] of mine) result.set(h, n0 * U);
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
}
