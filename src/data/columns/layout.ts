// The packed record layout shared by EventColumns (which writes it) and the feature tables
// (which read it in their hot loop). Kept in one file so the two can never disagree.

/** Event type codes in a record's meta field. @internal */
export const TYPE = { view: 0, purchase: 1, refund: 2, comment: 3, subscribe: 4, renew: 5, cancel: 6 } as const;

/** Type names by code, the inverse of {@link TYPE}. @internal */
export const TYPE_NAMES = ['view', 'purchase', 'refund', 'comment', 'subscribe', 'renew', 'cancel'] as const;

/** Doubles per event record. @internal */
export const STRIDE = 4;

/** Membership plans in code order (code = index). @internal */
export const PLAN_CODES = ['monthly', 'quarterly', 'yearly'] as const;

/**
 * The small per-event fields packed into one exactly representable double:
 * `type + 8·(plan + 1) + 32·autoRenew + 64·courseRef`, where `courseRef` is 0 for an event
 * without a course and otherwise 1 + the course's position in `EventColumns.courseIds`.
 * @internal
 */
export const META = { plan: 8, autoRenew: 32, course: 64 } as const;

/**
 * Record fields, by type:
 * - `[0]` timestamp (epoch ms);
 * - `[1]` watchSeconds (view), amount (purchase, refund), text position in `texts` (comment),
 *   price (subscribe, renew, cancel);
 * - `[2]` progress (view), rating or NaN (comment), expiresAt (membership), NaN otherwise;
 * - `[3]` the {@link META} code.
 * @internal
 */
export const FIELD = { timestamp: 0, value: 1, detail: 2, meta: 3 } as const;
