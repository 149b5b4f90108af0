import type { FeatureSet } from './feature-set.js';
import { escapeScratch, float32Array, int32Array } from './tables/arena.js';
import type { EventTables } from './tables/types.js';

/**
 * How a feature column should be treated by later steps: `count` and `amount` are
 * heavy-tailed (log1p, then scaled), `continuous` is scaled, `binary` and `share` are left as
 * they are.
 */
export type FeatureKind = 'count' | 'amount' | 'continuous' | 'binary' | 'share';

/** A group of float feature columns, stored column by column while steps run. */
export interface FeatureBlock {
  /** One name per column. */
  readonly names: readonly string[];
  /** One kind per column. */
  readonly kinds: readonly FeatureKind[];
  /** One array per column: `[users * timeSteps]` for sequence channels, `[users]` for statics. */
  readonly columns: readonly Float32Array[];
}

/** Integer category columns for embeddings; index 0 is the unknown bucket. */
export interface CategoricalBlock {
  /** One name per column. */
  readonly names: readonly string[];
  /** How many indices each column can take, unknown included. */
  readonly cardinalities: readonly number[];
  /** One `[users]` array per column. */
  readonly columns: readonly Int32Array[];
}

/**
 * What flows between feature steps: the bucketed event aggregates for the rows (read-only,
 * shared) and the feature columns built so far. A step returns a new frame and never mutates the
 * one it was given; unchanged blocks and columns are shared.
 */
export interface FeatureFrame {
  /** Marks a frame, so a pipeline can tell it from raw platform data. */
  readonly kind: 'churnkit.FeatureFrame';
  /** Bucketed aggregates of the events at or before the cutoff. @internal */
  readonly tables: EventTables;
  /** `[users, timeSteps]`: 1 for buckets ending after signup, 0 for left padding. */
  readonly mask: Float32Array;
  /** Sequence channels. */
  readonly sequence: FeatureBlock;
  /** Static features. */
  readonly statics: FeatureBlock;
  /** Category indices. */
  readonly categoricals: CategoricalBlock;
}

const EMPTY_BLOCK: FeatureBlock = { names: [], kinds: [], columns: [] };
const EMPTY_CATEGORICALS: CategoricalBlock = { names: [], cardinalities: [], columns: [] };

/** True when `value` is a FeatureFrame. */
export function isFeatureFrame(value: unknown): value is FeatureFrame {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'churnkit.FeatureFrame';
}

/**
 * Starts a frame from tables. A bucket is unmasked when it ends after the user's signup (or
 * first event, when signup is unknown); the last bucket is always unmasked so that every row,
 * even one with no history, has at least one step.
 * @internal
 */
export function createFrame(tables: EventTables): FeatureFrame {
  const n = tables.userIds.length;
  const T = tables.timeSteps;
  const mask = float32Array(n * T);
  for (let r = 0; r < n; r++) {
    let anchor = tables.signupAt[r];
    if (Number.isNaN(anchor)) anchor = tables.firstEventAt[r];
    for (let k = 0; k < T; k++) {
      const end = tables.windowStart + (k + 1) * tables.bucketMs;
      mask[r * T + k] = k === T - 1 || end > anchor ? 1 : 0;
    }
  }
  return { kind: 'churnkit.FeatureFrame', tables, mask, sequence: EMPTY_BLOCK, statics: EMPTY_BLOCK, categoricals: EMPTY_CATEGORICALS };
}

/** Returns a new block with columns appended. @internal */
export function appendColumns(block: FeatureBlock, names: readonly string[], kinds: readonly FeatureKind[], columns: readonly Float32Array[]): FeatureBlock {
  return { names: [...block.names, ...names], kinds: [...block.kinds, ...kinds], columns: [...block.columns, ...columns] };
}

/** Returns a new categorical block with columns appended. @internal */
export function appendCategoricals(block: CategoricalBlock, names: readonly string[], cardinalities: readonly number[], columns: readonly Int32Array[]): CategoricalBlock {
  return { names: [...block.names, ...names], cardinalities: [...block.cardinalities, ...cardinalities], columns: [...block.columns, ...columns] };
}

/** Interleaves the frame's columns into a row-major FeatureSet. @internal */
export function toFeatureSet(frame: FeatureFrame): FeatureSet {
  const n = frame.tables.userIds.length;
  const T = frame.tables.timeSteps;
  const F = frame.sequence.columns.length;
  const S = frame.statics.columns.length;
  const Cc = frame.categoricals.columns.length;
  const sequences = float32Array(n * T * F, true);
  frame.sequence.columns.forEach((col, f) => {
    for (let cell = 0; cell < n * T; cell++) sequences[cell * F + f] = col[cell];
  });
  const statics = float32Array(n * S, true);
  frame.statics.columns.forEach((col, s) => {
    for (let r = 0; r < n; r++) statics[r * S + s] = col[r];
  });
  const categoricals = int32Array(n * Cc, true);
  frame.categoricals.columns.forEach((col, c) => {
    for (let r = 0; r < n; r++) categoricals[r * Cc + c] = col[r];
  });
  const mask = float32Array(n * T, true);
  mask.set(frame.mask);
  escapeScratch(sequences, statics, categoricals, mask);
  return {
    userIds: [...frame.tables.userIds],
    sequences,
    mask,
    statics,
    shape: { users: n, steps: T, sequenceFeatures: F, staticFeatures: S },
    sequenceFeatureNames: [...frame.sequence.names],
    staticFeatureNames: [...frame.statics.names],
    categoricals,
    categoricalFeatureNames: [...frame.categoricals.names],
    categoricalCardinalities: [...frame.categoricals.cardinalities],
  };
}
