import { NotSupportedError } from '../errors.js';
import type { EncodeInput, PendingEncode } from '../kernels/encode.js';
import type { RecurrentRunner } from '../kernels/pool/recurrent-pool.js';
import { hostHeadLogits, type WideDeepDims, type WideDeepValues } from './host-head.js';

/** One batch's scaled inputs as plain arrays. @internal */
export interface HostBatch {
  /** Sequences [B, T, F]. */
  readonly x: Float32Array;
  /** Step mask [B, T]. */
  readonly mask: Float32Array;
  /** The table the head reads beside the encoding [B, S]. */
  readonly table: Float32Array;
}

/** What the scoring loop needs of a fitted ChurnLSTM whose encoder is the fused kernel. @internal */
export interface HostScorer {
  /** What runs the encoder: this thread's kernel or the worker pool. */
  readonly runner: RecurrentRunner;
  /** The encoder without its batch: cell, activation, per-layer weights, and the sizes but the batch. */
  readonly encoder: Omit<EncodeInput, 'x' | 'mask' | 'shape' | 'pieceRows'> & { readonly shape: Omit<EncodeInput['shape'], 'batch'> };
  /** The head's weights and its sizes but the rows. */
  readonly head: { readonly values: WideDeepValues; readonly dims: Omit<WideDeepDims, 'rows'> };
  /** Scaled arrays of the users in `rows`. */
  prepare(rows: number[]): HostBatch;
  /** Receives the head-major logits ([H, B] flattened) of the `count` users from `start`. */
  emit(start: number, count: number, logits: Float32Array): void;
}

/**
 * Whether ChurnLSTM scores through {@link scoreOnHost}, and how many batches it has scored that way; tests
 * switch it off to compare with the tensor path. @internal
 */
export const hostScoringSwitch = { enabled: true, batches: 0 };

interface Started {
  readonly start: number;
  readonly count: number;
  readonly table: Float32Array;
  readonly encoding: PendingEncode;
}

/**
 * Scores `users` users, `batchSize` at a time, with no tensors: the encoder runs through
 * {@link RecurrentRunner.startEncode} and the head on arrays. The batches overlap: while the workers
 * encode batch k + 1, the calling thread runs batch k's head and scales batch k + 2, then joins them
 * on what is left of batch k + 1 — so the work around the kernel no longer leaves the workers idle. Each user's
 * numbers are those of the tensor path (same kernel, same head arithmetic), whatever the overlap.
 * @internal
 */
export function scoreOnHost(scorer: HostScorer, users: number, batchSize: number): void {
  const rowsFrom = (start: number) => Array.from({ length: Math.min(batchSize, users - start) }, (_, i) => start + i);
  const begin = (start: number, count: number, batch: HostBatch): Started => {
    const encoding = scorer.runner.startEncode({
      ...scorer.encoder, shape: { ...scorer.encoder.shape, batch: count }, x: batch.x, mask: batch.mask,
    });
    return { start, count, table: batch.table, encoding };
  };
  if (users === 0) return;
  const first = rowsFrom(0);
  let current: Started | undefined = begin(0, first.length, scorer.prepare(first));
  while (current) {
    const nextStart: number = current.start + current.count;
    const rows = nextStart < users ? rowsFrom(nextStart) : [];
    // Scaled while the workers encode `current`.
    const following = rows.length > 0 ? scorer.prepare(rows) : undefined;
    const encoded = current.encoding.finish();
    const next = following ? begin(nextStart, rows.length, following) : undefined;
    // The head of `current` runs while the workers encode `next`.
    const logits = hostHeadLogits(encoded, current.table, scorer.head.values, { ...scorer.head.dims, rows: current.count });
    if (!logits) throw new NotSupportedError('scoreOnHost: the host head cannot run on this thread.');
    scorer.emit(current.start, current.count, logits);
    hostScoringSwitch.batches++;
    current = next;
  }
}
