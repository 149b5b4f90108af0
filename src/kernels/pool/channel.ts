import { NotSupportedError } from '../../errors.js';
import { startTimeout, type PortLike } from './spawn.js';

/**
 * How the calling thread talks to the kernel workers: messages out, a shared `Int32Array` on which
 * each worker counts itself done (slot 0) or failed (slot 1) and claims encode rows (slot 2), and one shared float exchange buffer
 * that carries every call's inputs and outputs. One call at a time uses the exchange.
 */
export class WorkerChannel {
  /** The shared exchange buffer and a float view of it (replaced when it grows). */
  exchange: SharedArrayBuffer;
  ex: Float32Array;
  /** The shared counters' buffer, posted to each worker at start-up: handled messages, failures, next row of an encode. */
  readonly ctrlBuffer = new SharedArrayBuffer(16);
  private readonly ctrl = new Int32Array(this.ctrlBuffer);
  private expected = 0;

  /** @param workers the started workers, in thread order after the calling one */
  constructor(readonly workers: PortLike[]) {
    this.exchange = new SharedArrayBuffer(16);
    this.ex = new Float32Array(this.exchange);
  }

  /** Rewinds the encode cursor: the next encode's rows are claimed from row 0. */
  rewindRows(): void {
    Atomics.store(this.ctrl, 2, 0);
  }

  /**
   * Claims the next `size(start)` rows of a `batch`-row encode as [first row, count], or undefined once
   * every row is taken; the workers claim from the same cursor (compare-and-swap, so no row twice).
   */
  claimRows(batch: number, size: (start: number) => number): [number, number] | undefined {
    for (;;) {
      const start = Atomics.load(this.ctrl, 2);
      if (start >= batch) return undefined;
      const n = size(start);
      if (Atomics.compareExchange(this.ctrl, 2, start, start + n) === start) return [start, n];
    }
  }

  /** Posts [worker, message] pairs, runs `own` meanwhile, then blocks until those workers are done. */
  dispatch(messages: [number, unknown][], own?: () => void): void {
    this.post(messages);
    try {
      own?.();
    } finally {
      // Even when `own` threw: the workers must be done with the exchange before it is reused.
      this.waitDone();
    }
  }

  /** Posts [worker, message] pairs; each worker counts itself done on `ctrl` when it has handled one. */
  post(messages: [number, unknown][]): void {
    this.expected += messages.length;
    for (const [w, m] of messages) this.workers[w].postMessage(m);
  }

  /** Whether every posted message has been handled. */
  workersDone(): boolean {
    return Atomics.load(this.ctrl, 0) >= this.expected;
  }

  /** Blocks until every posted message has been handled (at most `deadlineMs`, used at start-up). */
  waitDone(deadlineMs = Infinity): void {
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
  checkFailures(): void {
    if (Atomics.load(this.ctrl, 1) > 0) {
      Atomics.store(this.ctrl, 1, 0);
      throw new NotSupportedError('A kernel worker failed (its error is reported on stderr / the console).');
    }
  }

  /** Lays out float regions in the exchange buffer, growing (and re-sending) it when too small. */
  reserve(sizes: Record<string, number>): Record<string, number> {
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
