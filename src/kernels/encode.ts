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
  /** Rows per piece the threads claim, instead of the runner's own schedule (tests). @internal */
  readonly pieceRows?: number;
}

/**
 * An encode under way: the runner's other threads may already be working on it.
 * {@link PendingEncode.finish} joins them on the rows left, waits for them and returns the last
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

/**
 * Rows of the next piece of an encode (guided self-scheduling): a thread claiming rows at `start` of
 * `batch` takes (batch − start) / (2·threads) rounded up to whole 4-row blocks of the kernel's product
 * (a ragged block runs a slower path), at least {@link MIN_PIECE_ROWS}. Large pieces come first
 * (few kernel calls), small ones last, so the threads finish within a small piece of each other
 * however their speeds differ and however long the calling thread was busy before it joined. The
 * kernel worker's source applies the same rule. `fixed` (tests) makes every piece that size.
 */
export function pieceRows(batch: number, start: number, threads: number, fixed?: number): number {
  const rows = fixed ?? Math.max(MIN_PIECE_ROWS, 4 * Math.ceil((batch - start) / (8 * threads)));
  return Math.min(batch - start, rows);
}

/** The smallest piece {@link pieceRows} hands out: two 4-row blocks of the kernel's product. */
export const MIN_PIECE_ROWS = 8;
