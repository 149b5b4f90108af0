import type { EncodeInput, PendingEncode } from './encode.js';
import type {
  FusedBackwardInput,
  FusedBackwardOutput,
  FusedForwardInput,
  FusedForwardOutput,
  RecurrentKernel,
  RecurrentTape,
} from './recurrent-kernel.js';

/**
 * Every training batch is cut into this many row shards, whatever the thread count, and weight
 * gradients are summed shard by shard in shard order. One thread runs all shards, two threads two
 * each, four threads one each: the same products in the same order, so the numbers do not depend on
 * how many threads ran them. Forward outputs and dX are per row and need no such care.
 */
export const KERNEL_SHARDS = 4;

/** Row counts of `parts` consecutive slices of `batch` rows: as equal as possible, in order. */
export function splitRows(batch: number, parts: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < parts; i++) out.push(Math.floor((batch * (i + 1)) / parts) - Math.floor((batch * i) / parts));
  return out;
}

/** The fixed shards of a batch: {@link KERNEL_SHARDS} (fewer only when the batch has fewer rows). */
export function shardRows(batch: number): number[] {
  return splitRows(batch, Math.min(KERNEL_SHARDS, batch));
}

/** First row of each slice. */
export function rowStarts(rows: readonly number[]): number[] {
  const out: number[] = [];
  let s = 0;
  for (const r of rows) {
    out.push(s);
    s += r;
  }
  return out;
}

/** Element-wise sum in list order: ((p0 + p1) + p2) + … — the one summation every thread count uses. */
export function addInOrder(parts: readonly Float32Array[]): Float32Array {
  const out = parts[0].slice();
  for (let p = 1; p < parts.length; p++) {
    const src = parts[p];
    for (let i = 0; i < out.length; i++) out[i] += src[i];
  }
  return out;
}

/** Per-shard weight gradients, before they are summed. */
export interface ShardGradients {
  readonly dX?: Float32Array;
  readonly dKernel: Float32Array[];
  readonly dRecurrentKernel: Float32Array[];
  readonly dBias: Float32Array[];
  readonly dInitialH: Float32Array;
  readonly dInitialC?: Float32Array;
}

interface ShardTape extends RecurrentTape {
  parts: RecurrentTape[];
  rows: number[];
}

/** Rows [n0, n0 + n) of a forward input. */
function sliceInput(input: FusedForwardInput, n0: number, n: number): FusedForwardInput {
  const { steps: T, features: F, units: U } = input.shape;
  return {
    ...input,
    shape: { ...input.shape, batch: n },
    x: input.x.subarray(n0 * T * F, (n0 + n) * T * F),
    mask: input.mask?.subarray(n0 * T, (n0 + n) * T),
    initialH: input.initialH?.subarray(n0 * U, (n0 + n) * U),
    initialC: input.initialC?.subarray(n0 * U, (n0 + n) * U),
  };
}

/**
 * One kernel instance that trains shard by shard (see {@link KERNEL_SHARDS}): the single-thread
 * runner, and each pool thread's share of a batch. A forward without a tape (inference) runs the
 * rows in one call, since rows never mix.
 */
export class ShardedKernel {
  /** @param kernel the instance that runs every shard */
  constructor(readonly kernel: RecurrentKernel) {}

  /** Forward over all steps; with `keepTape` one kernel call (and tape) per shard of `rows`. */
  forward(input: FusedForwardInput, rows: readonly number[] = shardRows(input.shape.batch)): FusedForwardOutput {
    if (!input.keepTape) return this.kernel.forward(input);
    const { batch: N, steps: T, units: U } = input.shape;
    const lstm = input.cell === 'lstm';
    const h = new Float32Array(N * U);
    const c = lstm ? new Float32Array(N * U) : undefined;
    const sequence = input.returnSequences ? new Float32Array(N * T * U) : undefined;
    const parts: RecurrentTape[] = [];
    const starts = rowStarts(rows);
    rows.forEach((n, s) => {
      const out = this.kernel.forward(sliceInput(input, starts[s], n));
      h.set(out.h, starts[s] * U);
      if (c && out.c) c.set(out.c, starts[s] * U);
      if (sequence && out.sequence) sequence.set(out.sequence, starts[s] * T * U);
      parts.push(out.tape!);
    });
    const tape: ShardTape = { cell: input.cell, shape: { ...input.shape }, released: false, parts, rows: [...rows] };
    return { h, c, sequence, tape };
  }

  /** Backward shard by shard; weight gradients stay per shard (the caller sums them in order). */
  backwardShards(tape: RecurrentTape, grads: FusedBackwardInput): ShardGradients {
    const t = tape as ShardTape;
    t.released = true;
    const { batch: N, steps: T, features: F, units: U } = t.shape;
    const wantDx = grads.inputGradient !== false;
    const lstm = t.cell === 'lstm';
    const dX = wantDx ? new Float32Array(N * T * F) : undefined;
    const dInitialH = new Float32Array(N * U);
    const dInitialC = lstm ? new Float32Array(N * U) : undefined;
    const out: ShardGradients = { dX, dKernel: [], dRecurrentKernel: [], dBias: [], dInitialH, dInitialC };
    const starts = rowStarts(t.rows);
    try {
      t.rows.forEach((n, s) => {
        const n0 = starts[s];
        const g = this.kernel.backward(t.parts[s], {
          dSequence: grads.dSequence?.subarray(n0 * T * U, (n0 + n) * T * U),
          dH: grads.dH?.subarray(n0 * U, (n0 + n) * U),
          dC: grads.dC?.subarray(n0 * U, (n0 + n) * U),
          inputGradient: wantDx,
        });
        if (dX && g.dX) dX.set(g.dX, n0 * T * F);
        dInitialH.set(g.dInitialH, n0 * U);
        if (dInitialC && g.dInitialC) dInitialC.set(g.dInitialC, n0 * U);
        out.dKernel.push(g.dKernel);
        out.dRecurrentKernel.push(g.dRecurrentKernel);
        out.dBias.push(g.dBias);
      });
    } finally {
      // A failed shard must not leave the others' activations in wasm memory.
      for (const p of t.parts) this.kernel.release(p);
    }
    return out;
  }

  /** Backward through time over every shard; weight gradients summed in shard order. Frees the tape. */
  backward(tape: RecurrentTape, grads: FusedBackwardInput): FusedBackwardOutput {
    const t = tape as ShardTape;
    if (t.parts === undefined) return this.kernel.backward(tape, grads);
    if (t.released) {
      // The kernel's own error names the problem; raise it through a released shard tape.
      return this.kernel.backward(t.parts[0], grads);
    }
    const g = this.backwardShards(tape, grads);
    return {
      dX: g.dX,
      dKernel: addInOrder(g.dKernel),
      dRecurrentKernel: addInOrder(g.dRecurrentKernel),
      dBias: addInOrder(g.dBias),
      dInitialH: g.dInitialH,
      dInitialC: g.dInitialC,
    };
  }

  /** Inference through a stack of layers, all on this thread when finished. */
  startEncode(input: EncodeInput): PendingEncode {
    return this.kernel.startEncode(input);
  }

  /** Frees a tape (every shard's) without backpropagating. */
  release(tape: RecurrentTape): void {
    const t = tape as ShardTape;
    if (t.parts === undefined) return this.kernel.release(tape);
    t.released = true;
    for (const p of t.parts) this.kernel.release(p);
  }
}
