import type { DailyActivityTable } from './daily-activity-table.js';

/** The window each entity is read over: `steps` days ending on `end[e]` (inclusive). */
export interface ActivityWindows {
  /** Days per window. */
  readonly steps: number;
  /** `[entities]`: the last day of each entity's window. */
  readonly end: Int32Array;
}

/**
 * Lays each entity's rows onto its window: `[entities, steps, counts]` raw counts and a
 * `[entities, steps]` mask that is 1 from the entity's first row on (days without a row after
 * that are days without activity, not padding).
 */
export function denseWindows(table: DailyActivityTable, windows: ActivityWindows): { counts: Float32Array; mask: Float32Array } {
  const n = table.entityIds.length;
  const { steps } = windows;
  const width = table.countNames.length;
  const counts = new Float32Array(n * steps * width);
  const mask = new Float32Array(n * steps);
  for (let e = 0; e < n; e++) {
    const start = windows.end[e] - steps + 1;
    const a = table.rowStart[e];
    const b = table.rowStart[e + 1];
    if (a === b) continue;
    const first = Math.max(0, table.rowDay[a] - start);
    for (let t = first; t < steps; t++) mask[e * steps + t] = 1;
    for (let r = a; r < b; r++) {
      const t = table.rowDay[r] - start;
      if (t < 0 || t >= steps) continue;
      const dst = (e * steps + t) * width;
      for (let c = 0; c < width; c++) counts[dst + c] += table.counts[r * width + c];
    }
  }
  return { counts, mask };
}

/** The names of the per-entity aggregates DailyActivityFeatures computes, in column order. */
export function activityStaticNames(countNames: readonly string[], groupContext: boolean): string[] {
  const names = [
    ...countNames.map((c) => `log_total_${c}`),
    ...countNames.map((c) => `log_last7_${c}`),
    'log_total_events',
    'active_days',
    'active_days_last3',
    'active_days_last7',
    'active_days_last14',
    'log_events_last7',
    'days_since_last_active',
    'first_active_day',
    'longest_inactive_run',
    'trend_second_vs_first_half',
    'active_slope',
    'log_events_per_active_day',
    'event_types_used',
    'observed_days',
    'active_last_day',
  ];
  if (groupContext) names.push('group_activity_rank', 'group_relative_active_days', 'group_active_last7_share');
  return names;
}

/**
 * Per-entity aggregates over the window (totals, active days, recency, gaps, trends). With
 * `groupContext`, adds where the entity stands in its group (course), computed from the
 * group's activity in the same table: no labels are ever read.
 */
export function activityStatics(
  dense: { counts: Float32Array; mask: Float32Array },
  shape: { entities: number; steps: number; width: number },
  groups: readonly string[],
  groupContext: boolean,
): Float32Array {
  const { entities: n, steps: T, width: C } = shape;
  const S = C * 2 + 15 + (groupContext ? 3 : 0);
  const out = new Float32Array(n * S);
  const daily = new Float64Array(T);
  const logTotal = new Float64Array(n);
  const activeDays = new Float64Array(n);
  const activeLast7 = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const o = e * S;
    let total = 0;
    let observed = 0;
    const perType = new Float64Array(C);
    const perTypeLast7 = new Float64Array(C);
    for (let t = 0; t < T; t++) {
      let d = 0;
      for (let c = 0; c < C; c++) {
        const v = dense.counts[(e * T + t) * C + c];
        d += v;
        perType[c] += v;
        if (t >= T - 7) perTypeLast7[c] += v;
      }
      daily[t] = d;
      total += d;
      observed += dense.mask[e * T + t];
    }
    let active = 0, last3 = 0, last7 = 0, last14 = 0, ev7 = 0, lastActive = -1, firstActive = -1;
    let run = 0, longest = 0, firstHalf = 0, secondHalf = 0, sumT = 0, sumA = 0, sumTA = 0, sumTT = 0;
    for (let t = 0; t < T; t++) {
      const a = daily[t] > 0 ? 1 : 0;
      active += a;
      if (t >= T - 3) last3 += a;
      if (t >= T - 7) {
        last7 += a;
        ev7 += daily[t];
      }
      if (t >= T - 14) last14 += a;
      if (a) {
        lastActive = t;
        if (firstActive < 0) firstActive = t;
        run = 0;
      } else if (firstActive >= 0) {
        run++;
        longest = Math.max(longest, run);
      }
      if (t < T / 2) firstHalf += daily[t];
      else secondHalf += daily[t];
      sumT += t;
      sumA += a;
      sumTA += t * a;
      sumTT += t * t;
    }
    const slope = (T * sumTA - sumT * sumA) / Math.max(1e-9, T * sumTT - sumT * sumT);
    let k = o;
    for (let c = 0; c < C; c++) out[k++] = Math.log1p(perType[c]);
    for (let c = 0; c < C; c++) out[k++] = Math.log1p(perTypeLast7[c]);
    out[k++] = Math.log1p(total);
    out[k++] = active;
    out[k++] = last3;
    out[k++] = last7;
    out[k++] = last14;
    out[k++] = Math.log1p(ev7);
    out[k++] = lastActive < 0 ? T : T - 1 - lastActive;
    out[k++] = firstActive < 0 ? T : firstActive;
    out[k++] = longest;
    out[k++] = Math.log1p(secondHalf) - Math.log1p(firstHalf);
    out[k++] = slope;
    out[k++] = active > 0 ? Math.log1p(total / active) : 0;
    out[k++] = perType.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
    out[k++] = observed;
    out[k++] = daily[T - 1] > 0 ? 1 : 0;
    logTotal[e] = Math.log1p(total);
    activeDays[e] = active;
    activeLast7[e] = last7 > 0 ? 1 : 0;
  }
  if (groupContext) addGroupContext(out, S, groups, logTotal, activeDays, activeLast7);
  return out;
}

function addGroupContext(
  out: Float32Array,
  S: number,
  groups: readonly string[],
  logTotal: Float64Array,
  activeDays: Float64Array,
  activeLast7: Float64Array,
): void {
  const members = new Map<string, number[]>();
  groups.forEach((g, e) => {
    const list = members.get(g);
    if (list) list.push(e);
    else members.set(g, [e]);
  });
  for (const list of members.values()) {
    const totals = list.map((e) => logTotal[e]).sort((a, b) => a - b);
    const days = list.map((e) => activeDays[e]).sort((a, b) => a - b);
    const median = days[Math.floor(days.length / 2)];
    const share = list.reduce((s, e) => s + activeLast7[e], 0) / list.length;
    for (const e of list) {
      // Mid-rank percentile: ties share one value, so the feature does not depend on row order.
      const below = lowerBound(totals, logTotal[e]);
      const upTo = lowerBound(totals, logTotal[e] + 1e-12);
      out[e * S + S - 3] = (below + upTo) / 2 / totals.length;
      out[e * S + S - 2] = activeDays[e] - median;
      out[e * S + S - 1] = share;
    }
  }
}

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
