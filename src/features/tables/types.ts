import type { User } from '../../data/schema.js';

/** Milliseconds in one day. @internal */
export const DAY_MS = 86_400_000;
/** The length of one sequence bucket. */
export type BucketSize = 'day' | 'week';
/** Milliseconds in one bucket of each size. @internal */
export const BUCKET_MS: Readonly<Record<BucketSize, number>> = { day: DAY_MS, week: 7 * DAY_MS };

/** Membership plans in code order (code = index); -1 means no membership event. @internal */
export { PLAN_CODES } from '../../data/columns/layout.js';
/** Course formats in code order. @internal */
export const FORMAT_CODES = ['video', 'audio', 'article', 'live'] as const;
/** Course difficulties in code order. @internal */
export const DIFFICULTY_CODES = ['beginner', 'intermediate', 'advanced'] as const;

/**
 * The bucketed aggregates every feature step reads, for one set of users at one cutoff. Both
 * sources build exactly this: the in-memory path in one pass over the events, the DuckDB path
 * with SQL. Only events with `timestamp <= cutoff` contribute. Per-bucket arrays are
 * `[users, timeSteps]`, row-major; bucket `t` covers `(windowStart + t·b, windowStart + (t+1)·b]`,
 * so an event exactly at the cutoff falls in the last bucket.
 * @internal
 */
export interface EventTables {
  readonly cutoff: number;
  readonly bucketMs: number;
  readonly timeSteps: number;
  /** `cutoff - timeSteps * bucketMs`. */
  readonly windowStart: number;
  readonly userIds: readonly string[];
  /** The user record of each row, `undefined` for an id not in `data.users`. */
  readonly users: readonly (User | undefined)[];
  /** `signupAt` per row, NaN when unknown. */
  readonly signupAt: Float64Array;
  // Per (user, bucket). Counts are float32 (exact for integers below 2^24), the rest float64.
  readonly views: Float32Array;
  readonly watchSeconds: Float64Array;
  readonly progressSum: Float64Array;
  readonly distinctCourses: Float32Array;
  readonly purchases: Float32Array;
  /** Purchases + membership payments (subscribe, renew) - refunds. */
  readonly spend: Float64Array;
  readonly comments: Float32Array;
  readonly cancellations: Float32Array;
  /** Latest `expiresAt` among membership events in the bucket, -Infinity when none. */
  readonly bucketExpiry: Float64Array;
  /** Per comment inside the window: its row, bucket and text. */
  readonly commentRow: Int32Array;
  readonly commentBucket: Int32Array;
  readonly commentText: readonly string[];
  // Per user, over all history up to the cutoff.
  /** Latest `expiresAt` among membership events at or before the window start, -Infinity when none. */
  readonly expiryBefore: Float64Array;
  /** NaN when the user has no events. */
  readonly firstEventAt: Float64Array;
  readonly lastEventAt: Float64Array;
  /** Last purchase, subscribe or renew; NaN when none. */
  readonly lastPaymentAt: Float64Array;
  readonly spendTotal: Float64Array;
  readonly purchaseCount: Float64Array;
  readonly purchaseAmount: Float64Array;
  readonly events30: Float64Array;
  readonly watchLast7: Float64Array;
  readonly watchPrev7: Float64Array;
  readonly watchLast30: Float64Array;
  readonly watchPrev30: Float64Array;
  readonly viewsLast7: Float64Array;
  readonly viewsPrev7: Float64Array;
  readonly viewsLast30: Float64Array;
  readonly viewsPrev30: Float64Array;
  /** Plan code of the latest membership event (see PLAN_CODES), -1 when none. */
  readonly lastPlan: Int8Array;
  /** 1 when the latest membership event renews automatically (a cancel never does), 0 otherwise. */
  readonly lastAutoRenew: Int8Array;
  // Course mix, over all history up to the cutoff.
  /** Distinct course categories of `data.courses`, plus a last entry for unknown courses. */
  readonly categoryNames: readonly string[];
  /** `[users, categoryNames.length]` watch seconds. */
  readonly watchByCategory: Float64Array;
  /** `[users, FORMAT_CODES.length + 1]`; the last column is unknown courses. */
  readonly watchByFormat: Float64Array;
  /** `[users, DIFFICULTY_CODES.length + 1]`; the last column is unknown courses. */
  readonly watchByDifficulty: Float64Array;
}

/** Rank of membership event types for breaking ties at equal timestamps (later rank wins). @internal */
export const MEMBERSHIP_RANK = { subscribe: 1, renew: 2, cancel: 3 } as const;
