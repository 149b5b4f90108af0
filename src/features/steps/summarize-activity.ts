import { appendCategoricals, appendColumns, type FeatureFrame, type FeatureKind } from '../frame.js';
import { registerStep, type FeatureStep, type Json, type StepJSON } from '../step.js';
import { float32Columns, int32Array } from '../tables/arena.js';
import { DAY_MS, PLAN_CODES, type EventTables } from '../tables/types.js';
import { fittedOf, requireFitted, requireRows } from './common.js';

const COLUMNS: readonly [string, FeatureKind][] = [
  ['recencyDays', 'count'],
  ['frequency30d', 'count'],
  ['monetary', 'amount'],
  ['watchTrend7d', 'continuous'],
  ['watchTrend30d', 'continuous'],
  ['viewsTrend7d', 'continuous'],
  ['viewsTrend30d', 'continuous'],
  ['tenureDays', 'count'],
  ['daysSinceLastActivity', 'count'],
  ['autoRenew', 'binary'],
  ['subscriptionActiveAtCutoff', 'binary'],
  ['daysToExpiryAtCutoff', 'count'],
  ['plan=monthly', 'binary'],
  ['plan=quarterly', 'binary'],
  ['plan=yearly', 'binary'],
  ['plan=none', 'binary'],
];

/**
 * Per-user aggregates at the cutoff: recency (days since the last payment), frequency (events
 * in the last 30 days), monetary (total spend, refunds subtracted), trends (last 7 days vs the 7
 * before, last 30 vs the 30 before, for watch seconds and views, as (last − prev)/(last + prev)
 * in [−1, 1]), tenure, days since last activity, auto-renew state, membership state at the
 * cutoff and plan (one-hot, and the categorical index `plan`: 0 none, 1 monthly, 2 quarterly,
 * 3 yearly). Unknowns (no payment ever, no events) are NaN, for ImputeMissing. Learns nothing.
 */
export class ActivitySummary implements FeatureStep {
  private fitted: { columns: string[] } | undefined;

  /** Takes no options. */
  constructor() {}

  /** Checks the frame has rows; returns this. */
  fit(frame: FeatureFrame): this {
    requireRows(frame, 'ActivitySummary');
    this.fitted = { columns: COLUMNS.map(([name]) => name) };
    return this;
  }

  /** Appends the aggregate statics and the `plan` category index. */
  transform(frame: FeatureFrame): FeatureFrame {
    requireFitted(this.fitted, 'ActivitySummary', 'transform');
    const { columns, plan } = computeAggregates(frame.tables);
    return {
      ...frame,
      statics: appendColumns(frame.statics, COLUMNS.map(([n]) => n), COLUMNS.map(([, k]) => k), columns),
      categoricals: appendCategoricals(frame.categoricals, ['plan'], [PLAN_CODES.length + 1], [plan]),
    };
  }

  /** No options: `{}`. */
  getConfig(): Json {
    return {};
  }

  /** Options and fitted state as JSON. */
  toJSON(): StepJSON {
    return { type: 'ActivitySummary', config: {}, fitted: this.fitted ? { columns: [...this.fitted.columns] } : null };
  }

  /** Rebuilds from `toJSON()` output. */
  static fromJSON(json: StepJSON): ActivitySummary {
    const step = new ActivitySummary();
    step.fitted = fittedOf(json);
    return step;
  }
}

/** (last − prev) / (last + prev), 0 when both are 0. */
function trend(last: number, prev: number): number {
  const total = last + prev;
  return total > 0 ? (last - prev) / total : 0;
}

function computeAggregates(t: EventTables): { columns: Float32Array[]; plan: Int32Array } {
  const n = t.userIds.length;
  const T = t.timeSteps;
  const columns = float32Columns(COLUMNS.length, n);
  const plan = int32Array(n);
  const days = (ms: number) => ms / DAY_MS;
  for (let r = 0; r < n; r++) {
    let expiry = t.expiryBefore[r];
    for (let k = 0; k < T; k++) if (t.bucketExpiry[r * T + k] > expiry) expiry = t.bucketExpiry[r * T + k];
    const active = expiry > t.cutoff;
    const anchor = Number.isNaN(t.signupAt[r]) ? t.firstEventAt[r] : t.signupAt[r];
    // Written column by column (same order as COLUMNS) so no array is allocated per user.
    let c = 0;
    const put = (value: number) => { columns[c++][r] = value; };
    put(days(t.cutoff - t.lastPaymentAt[r]));
    put(t.events30[r]);
    put(t.spendTotal[r]);
    put(trend(t.watchLast7[r], t.watchPrev7[r]));
    put(trend(t.watchLast30[r], t.watchPrev30[r]));
    put(trend(t.viewsLast7[r], t.viewsPrev7[r]));
    put(trend(t.viewsLast30[r], t.viewsPrev30[r]));
    put(Math.max(0, days(t.cutoff - anchor)));
    put(days(t.cutoff - t.lastEventAt[r]));
    put(t.lastAutoRenew[r]);
    put(active ? 1 : 0);
    put(active ? days(expiry - t.cutoff) : 0);
    put(t.lastPlan[r] === 0 ? 1 : 0);
    put(t.lastPlan[r] === 1 ? 1 : 0);
    put(t.lastPlan[r] === 2 ? 1 : 0);
    put(t.lastPlan[r] < 0 ? 1 : 0);
    plan[r] = t.lastPlan[r] + 1;
  }
  return { columns, plan };
}

registerStep('ActivitySummary', (json) => ActivitySummary.fromJSON(json));
