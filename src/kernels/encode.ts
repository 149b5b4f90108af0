import { ValidationError } from '../errors.js';
import type { FusedCell, FusedRecurrentActivation, RecurrentKernel, RecurrentShape, RecurrentWeights } from './recurrent-kernel.js';

/**
 * A stacked recurrent encoder's inference over one batch: every layer from zero initial states, the
 * last layer's final hidden state out. Rows never mix in inference, so any thread can take any rows
 * and a row's result does not depend on which thread ran it or beside which rows.
 */
export interface EncodeInput {
  /** Which cell every layer runs. */
  readonly cell: FusedCell;
  /** Gate activation. */
  readonly recurrentActivation: FusedRecurrentActivation;
  /** Batch, steps, the first layer's input features, and the units of every layer. */
  readonly shape: RecurrentShape;
  /** The first layer's inputs, row-major [N, T, F]. */
  readonly x: Float32Array;
  /** Step mask [N, T] (0 = padded step), shared by every layer; omitted means every step is real. */
  readonly mask?: Float32Array;
  /** Each layer's weights, first layer first (layer i > 0 reads layer i − 1's sequence: F = units). */
  readonly layers: readonly RecurrentWeights[];
  /** Rows the calling thread runs itself; the runner balances this on its own when omitted. @internal */
  readonly localRows?: number;
}

/**
 * An encode under way: the runner's other threads may already be working on their rows.
 * {@link PendingEncode.finish} runs the calling thread's rows, waits for the rest and returns the last
 * layer's final hidden state [N, units]. Work done between starting and finishing overlaps the other
 * threads; that is what it is for.
 */
export interface PendingEncode {
  /** The last layer's final hidden state [N, units]; the same array if called again. */
  finish(): Float32Array;
}

/** Rows [n0, n0 + n) of `input` through every layer on `kernel`: their final hidden states [n, units]. */
export function encodeRows(kernel: RecurrentKernel, input: EncodeInput, n0: number, n: number): Float32Array {
  const { steps: T, features: F, units: U } = input.shape;
  const mask = input.mask?.subarray(n0 * T, (n0 + n) * T);
  let x = input.x.subarray(n0 * T * F, (n0 + n) * T * F);
  let h: Float32Array = new Float32Array(0);
  input.layers.forEach((weights, i) => {
    const last = i === input.layers.length - 1;
    const out = kernel.forward({
      cell: input.cell,
      shape: { batch: n, steps: T, features: i === 0 ? F : U, units: U },
      x,
      mask,
      weights,
      recurrentActivation: input.recurrentActivation,
      returnSequences: !last,
    });
    if (last) h = out.h;
    else x = out.sequence!;
  });
  return h;
}

/**
 * Throws a ValidationError naming every array whose length does not fit `input.shape` (checked up
 * front: a worker reading a mis-sized layer would compute garbage rather than fail).
 */
export function checkEncode(input: EncodeInput): void {
  const { batch: N, steps: T, features: F, units: U } = input.shape;
  const G = (input.cell === 'lstm' ? 4 : 3) * U;
  const issues: { code: string; path: (string | number)[]; message: string }[] = [];
  for (const [k, v] of Object.entries(input.shape)) {
    if (!Number.isInteger(v) || v < 1) issues.push({ code: 'bad_shape', path: ['shape', k], message: `got ${v}, expected a positive integer` });
  }
  if (input.layers.length === 0) issues.push({ code: 'no_layers', path: ['layers'], message: 'expected at least one layer' });
  const want: [(string | number)[], Float32Array | undefined, number][] = [[['x'], input.x, N * T * F], [['mask'], input.mask, N * T]];
  input.layers.forEach((w, i) => {
    want.push([['layers', i, 'kernel'], w.kernel, (i === 0 ? F : U) * G], [['layers', i, 'recurrentKernel'], w.recurrentKernel, U * G], [['layers', i, 'bias'], w.bias, G]);
  });
  for (const [path, data, n] of want) {
    if (data !== undefined && data.length !== n) issues.push({ code: 'bad_length', path, message: `got ${data.length} values, expected ${n}` });
  }
  if (issues.length > 0) throw new ValidationError(issues, `fused ${input.cell} encode`);
}

/** {@link PendingEncode} for a runner without other threads: everything happens in `finish`. */
export class LocalEncode implements PendingEncode {
  private result: Float32Array | undefined;

  constructor(
    private readonly kernel: RecurrentKernel,
    private readonly input: EncodeInput,
  ) {
    checkEncode(input);
  }

  finish(): Float32Array {
    this.result ??= encodeRows(this.kernel, this.input, 0, this.input.shape.batch);
    return this.result;
  }
}

/** Smoothed per-row costs and the caller's overlapped work, from which the calling thread's share is chosen. */
export interface EncodeTimings {
  /** Milliseconds per row on the calling thread. */
  localMsPerRow: number;
  /** Milliseconds per row on a worker. */
  workerMsPerRow: number;
  /** Milliseconds the caller spent between starting and finishing (its own work, overlapped). */
  callerMs: number;
}

/** Folds a new measurement into a smoothed one (the first one is taken as is). */
function smooth(previous: number | undefined, sample: number): number {
  return previous === undefined || !Number.isFinite(previous) ? sample : 0.7 * previous + 0.3 * sample;
}

/** One encode's measurements: the calling thread's rows and time, each worker's rows and time, and the caller's own work. */
export interface EncodeSample {
  readonly localRows: number;
  readonly localMs: number;
  readonly workerRows: readonly number[];
  readonly workerMs: readonly number[];
  readonly callerMs: number;
}

/** `previous` updated with one encode's measurements; the slowest worker speaks for the workers. */
export function updateTimings(previous: EncodeTimings | undefined, s: EncodeSample): EncodeTimings {
  const perRow = s.workerRows.map((n, k) => (n > 0 ? s.workerMs[k] / n : NaN)).filter(Number.isFinite);
  return {
    localMsPerRow: s.localRows > 0 ? smooth(previous?.localMsPerRow, s.localMs / s.localRows) : (previous?.localMsPerRow ?? NaN),
    workerMsPerRow: perRow.length > 0 ? smooth(previous?.workerMsPerRow, Math.max(...perRow)) : (previous?.workerMsPerRow ?? NaN),
    callerMs: smooth(previous?.callerMs, s.callerMs),
  };
}

/**
 * The calling thread's rows of a `batch`-row encode over `threads` threads, so that its own work
 * (`callerMs`) plus its rows take as long as each worker's rows: with n local rows, callerMs + n·local
 * = (batch − n)/(threads − 1)·worker. Rounded down to whole 4-row blocks of the kernel's product
 * (remainder rows run a slower path). Even shares until there is a measurement.
 */
export function balanceRows(batch: number, threads: number, t: EncodeTimings | undefined): number {
  const even = Math.ceil(batch / threads);
  if (!t || !(t.localMsPerRow > 0) || !(t.workerMsPerRow > 0) || threads < 2) return Math.min(batch, even);
  const perWorker = t.workerMsPerRow / (threads - 1);
  const rows = (batch * perWorker - t.callerMs) / (t.localMsPerRow + perWorker);
  return Math.max(0, Math.min(batch, Math.floor(rows / 4) * 4));
}
