import { META, STRIDE, TYPE } from '../../data/columns/layout.js';
import { courseCodes, eventColumnsOf, type AnyPlatformData } from './columnize-events.js';
import { int32Array } from './arena.js';
import { allocateTables, indexCourses, selectUsers } from './select-users.js';
import { DAY_MS, MEMBERSHIP_RANK, type EventTables } from './types.js';

/** MEMBERSHIP_RANK by TYPE code (0 for non-membership types). */
const RANK_OF_TYPE = Int8Array.from(Object.values(TYPE), (code) => {
  const name = (Object.keys(TYPE) as (keyof typeof TYPE)[]).find((k) => TYPE[k] === code) as string;
  return (MEMBERSHIP_RANK as Record<string, number>)[name] ?? 0;
});

/** Where rows come from and how time is cut. @internal */
export interface TableOptions {
  readonly cutoff: number;
  readonly bucketMs: number;
  readonly timeSteps: number;
  readonly userIds?: readonly string[];
}

/**
 * Builds the EventTables from events in memory: the events are turned into typed columns grouped
 * by user once (cached per events array); then each selected user's events are read
 * sequentially, accumulating into flat per-row and per-bucket arrays with no allocation per
 * event. Users not selected are never touched.
 * @internal
 */
export function buildTables(data: AnyPlatformData, options: TableOptions): EventTables {
  const { cutoff, bucketMs, timeSteps: T } = options;
  const selection = selectUsers(data.users, cutoff, options.userIds);
  const ev = eventColumnsOf(data);
  const catalogue = indexCourses(data.courses);
  const courses = courseCodes(ev, catalogue);
  const t = allocateTables(selection, cutoff, bucketMs, T, catalogue.categoryNames);
  const n = selection.userIds.length;
  const start = t.windowStart;
  const C = catalogue.categoryNames.length;
  const FMT = 5;
  const DIF = 4;
  const courseSlots = data.courses.length + 1;
  // stamp[bucket * courseSlots + course] === row + 1 marks a course already counted in that
  // bucket for this row; rows are processed one at a time, so it never needs clearing.
  const stamp = int32Array(T * courseSlots);
  const commentRow: number[] = [];
  const commentBucket: number[] = [];
  const commentText: string[] = [];
  const day7 = cutoff - 7 * DAY_MS;
  const day14 = cutoff - 14 * DAY_MS;
  const day30 = cutoff - 30 * DAY_MS;
  const day60 = cutoff - 60 * DAY_MS;
  const { records, texts, offsets } = ev;
  const { views, watchSeconds, progressSum, distinctCourses, purchases, spend, comments, cancellations, bucketExpiry } = t;
  const { watchByCategory, watchByFormat, watchByDifficulty } = t;
  for (let row = 0; row < n; row++) {
    const u = ev.indexOfUser(selection.userIds[row]);
    if (u < 0) continue; // no events at all
    const mark = row + 1;
    let first = NaN;
    let last = NaN;
    let lastPayment = NaN;
    let recent = 0;
    let spendAll = 0;
    // Latest membership event so far, compared on (timestamp, type rank, expiresAt, plan, autoRenew).
    let memTs = -Infinity;
    let memRank = 0;
    let memExp = 0;
    let memPlan = -1;
    let memAuto = 0;
    let expiryBefore = -Infinity;
    const end = offsets[u + 1] * STRIDE;
    for (let at = offsets[u] * STRIDE; at < end; at += STRIDE) {
      const ts = records[at];
      if (ts > cutoff) continue; // the future is never a feature
      const meta = records[at + 3];
      const c = Math.floor(meta / META.course);
      const code = meta - c * META.course;
      const type = code & 7;
      const k = ts > start ? Math.ceil((ts - start) / bucketMs) - 1 : -1;
      const cell = row * T + k;
      if (!(first <= ts)) first = ts;
      if (!(last >= ts)) last = ts;
      if (ts > day30) recent++;
      const v = records[at + 1];
      switch (type) {
        case TYPE.view: {
          if (k >= 0) {
            views[cell]++;
            watchSeconds[cell] += v;
            progressSum[cell] += records[at + 2];
            const key = k * courseSlots + courses.slot[c];
            if (stamp[key] !== mark) {
              stamp[key] = mark;
              distinctCourses[cell]++;
            }
          }
          if (ts > day7) { t.watchLast7[row] += v; t.viewsLast7[row]++; }
          else if (ts > day14) { t.watchPrev7[row] += v; t.viewsPrev7[row]++; }
          if (ts > day30) { t.watchLast30[row] += v; t.viewsLast30[row]++; }
          else if (ts > day60) { t.watchPrev30[row] += v; t.viewsPrev30[row]++; }
          watchByCategory[row * C + courses.category[c]] += v;
          watchByFormat[row * FMT + courses.format[c]] += v;
          watchByDifficulty[row * DIF + courses.difficulty[c]] += v;
          break;
        }
        case TYPE.purchase:
          if (k >= 0) { purchases[cell]++; spend[cell] += v; }
          spendAll += v;
          t.purchaseCount[row]++;
          t.purchaseAmount[row] += v;
          if (!(lastPayment >= ts)) lastPayment = ts;
          break;
        case TYPE.refund:
          if (k >= 0) spend[cell] -= v;
          spendAll -= v;
          break;
        case TYPE.comment:
          if (k >= 0) {
            comments[cell]++;
            commentRow.push(row);
            commentBucket.push(k);
            commentText.push(texts[v]);
          }
          break;
        default: {
          // subscribe, renew, cancel
          const exp = records[at + 2];
          const rank = RANK_OF_TYPE[type];
          const plan = ((code / META.plan) & 3) - 1;
          const autoRenew = type === TYPE.cancel ? 0 : (code / META.autoRenew) & 1;
          if (type === TYPE.cancel) {
            if (k >= 0) cancellations[cell]++;
          } else {
            if (k >= 0) spend[cell] += v;
            spendAll += v;
            if (!(lastPayment >= ts)) lastPayment = ts;
          }
          if (k >= 0) { if (exp > bucketExpiry[cell]) bucketExpiry[cell] = exp; }
          else if (exp > expiryBefore) expiryBefore = exp;
          if (isLater(ts, rank, exp, plan, autoRenew, memTs, memRank, memExp, memPlan, memAuto)) {
            memTs = ts;
            memRank = rank;
            memExp = exp;
            memPlan = plan;
            memAuto = autoRenew;
          }
        }
      }
    }
    t.firstEventAt[row] = first;
    t.lastEventAt[row] = last;
    t.lastPaymentAt[row] = lastPayment;
    t.events30[row] = recent;
    t.spendTotal[row] = spendAll;
    t.expiryBefore[row] = expiryBefore;
    t.lastPlan[row] = memPlan;
    t.lastAutoRenew[row] = memAuto;
  }
  t.commentRow = Int32Array.from(commentRow);
  t.commentBucket = Int32Array.from(commentBucket);
  t.commentText = commentText;
  return t;
}

/** True when membership event a sorts after event b; the same order the SQL path uses. @internal */
export function isLater(
  ts: number, rank: number, exp: number, plan: number, auto: number,
  bTs: number, bRank: number, bExp: number, bPlan: number, bAuto: number,
): boolean {
  if (ts !== bTs) return ts > bTs;
  if (rank !== bRank) return rank > bRank;
  if (exp !== bExp) return exp > bExp;
  if (plan !== bPlan) return plan > bPlan;
  return auto > bAuto;
}
