import type { PlatformData, PlatformEvent } from '../../data/schema.js';
import { ValidationError, type Issue } from '../../errors.js';
import { allocateBatch } from './arena.js';
import { indexCourses, type CourseLookup } from './select-users.js';
import { MEMBERSHIP_RANK, PLAN_CODES } from './types.js';

/** Event type codes in the columnar form. @internal */
export const TYPE = { view: 0, purchase: 1, refund: 2, comment: 3, subscribe: 4, renew: 5, cancel: 6 } as const;

/**
 * The events of one PlatformData as flat typed arrays, validated once and grouped by user.
 * Building it is the only pass over the event objects; every later pass (fit, transform, other
 * cutoffs) runs over these arrays, one user's events at a time, sequentially in memory. Cached
 * per events array (PlatformData is immutable by contract).
 * @internal
 */
export interface ColumnarEvents {
  readonly length: number;
  /** Events are grouped by user: user `u`'s events are positions `offsets[u]` to `offsets[u + 1] - 1`, in input order. */
  readonly offsets: Int32Array;
  /** Position of each user id in `userIds`. */
  readonly userIndex: ReadonlyMap<string, number>;
  readonly type: Uint8Array;
  /** Index into `userIds` (distinct ids in first-seen order). */
  readonly user: Int32Array;
  readonly userIds: readonly string[];
  readonly timestamp: Float64Array;
  /** Course position in `courses`, or `courses.length` for an unknown course. */
  readonly course: Int32Array;
  /** watchSeconds (view), amount (purchase, refund), price (membership). */
  readonly value: Float64Array;
  /** progress (view), expiresAt (membership). */
  readonly value2: Float64Array;
  /** Plan code (membership). */
  readonly plan: Int8Array;
  /** MEMBERSHIP_RANK (membership). */
  readonly rank: Int8Array;
  /** 1 when a subscribe/renew renews automatically (cancel: always 0). */
  readonly autoRenew: Int8Array;
  /** Index into `texts` (comment). */
  readonly textIndex: Int32Array;
  readonly texts: readonly string[];
  readonly courses: CourseLookup;
}

const cache = new WeakMap<readonly PlatformEvent[], { courses: PlatformData['courses']; columns: ColumnarEvents }>();
const MAX_ISSUES = 100;

/** The columnar form of `data.events`, built once per events array (and courses array). @internal */
export function columnizeEvents(data: PlatformData): ColumnarEvents {
  const hit = cache.get(data.events);
  if (hit && hit.courses === data.courses && hit.columns.length === data.events.length) return hit.columns;
  const columns = build(data);
  cache.set(data.events, { courses: data.courses, columns });
  return columns;
}

function build(data: PlatformData): ColumnarEvents {
  const events = data.events;
  const n = events.length;
  const courses = indexCourses(data.courses);
  const unknownCourse = data.courses.length;
  // Unsorted columns live in one scratch buffer; the user-grouped copies in another (see arena.ts).
  const [timestamp, value, value2, user, course, textIndex, type, plan, rank, autoRenew] = allocateBatch([
    [Float64Array, n], [Float64Array, n], [Float64Array, n], [Int32Array, n], [Int32Array, n], [Int32Array, n],
    [Uint8Array, n], [Int8Array, n], [Int8Array, n], [Int8Array, n],
  ] as const);
  course.fill(unknownCourse);
  textIndex.fill(-1);
  const texts: string[] = [];
  const userIndex = new Map<string, number>();
  const userIds: string[] = [];
  const issues: Issue[] = [];
  const bad = (i: number, field: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ code: 'invalid_value', path: ['events', i, field], message });
  };
  let lastUser: string | undefined;
  let lastIndex = -1;
  let lastCourseId: string | undefined;
  let lastCourse = unknownCourse;
  for (let i = 0; i < n; i++) {
    const ev: PlatformEvent = events[i];
    // Fields are read inside each case so every property access sees one object shape (one
    // event type) and stays monomorphic; a shared read before the switch would see seven.
    let ts: number;
    let id: string;
    switch (ev.type) {
      case 'view': {
        ts = ev.timestamp;
        id = ev.userId;
        const w = ev.watchSeconds;
        const p = ev.progress;
        if (!(w >= 0 && w < Infinity)) bad(i, 'watchSeconds', `expected a finite number >= 0, got ${String(w)}`);
        if (!(p >= 0 && p <= 1)) bad(i, 'progress', `expected a number in [0, 1], got ${String(p)}`);
        type[i] = TYPE.view;
        value[i] = w;
        value2[i] = p;
        if (ev.courseId !== lastCourseId) {
          lastCourseId = ev.courseId;
          lastCourse = courses.indexOf.get(ev.courseId) ?? unknownCourse;
        }
        course[i] = lastCourse;
        break;
      }
      case 'purchase':
      case 'refund': {
        ts = ev.timestamp;
        id = ev.userId;
        const a = ev.amount;
        if (!(a >= 0 && a < Infinity)) bad(i, 'amount', `expected a finite amount >= 0, got ${String(a)}`);
        type[i] = ev.type === 'purchase' ? TYPE.purchase : TYPE.refund;
        value[i] = a;
        break;
      }
      case 'comment':
        ts = ev.timestamp;
        id = ev.userId;
        if (typeof ev.text !== 'string') bad(i, 'text', `expected a string, got ${typeof ev.text}`);
        type[i] = TYPE.comment;
        textIndex[i] = texts.length;
        texts.push(ev.text);
        break;
      case 'subscribe':
      case 'renew':
      case 'cancel': {
        ts = ev.timestamp;
        id = ev.userId;
        const exp = ev.expiresAt;
        const price = ev.price;
        const code = PLAN_CODES.indexOf(ev.plan);
        if (typeof exp !== 'number' || !Number.isFinite(exp)) bad(i, 'expiresAt', `expected epoch milliseconds, got ${String(exp)}`);
        if (!(price >= 0 && price < Infinity)) bad(i, 'price', `expected a finite price >= 0, got ${String(price)}`);
        if (code < 0) bad(i, 'plan', `expected one of ${PLAN_CODES.join(', ')}, got ${String(ev.plan)}`);
        type[i] = TYPE[ev.type];
        value[i] = price;
        value2[i] = exp;
        plan[i] = code;
        rank[i] = MEMBERSHIP_RANK[ev.type];
        autoRenew[i] = ev.type !== 'cancel' && ev.autoRenew === true ? 1 : 0;
        break;
      }
      default:
        bad(i, 'type', `unknown event type ${JSON.stringify((ev as { type: unknown }).type)}; expected one of ${Object.keys(TYPE).join(', ')}`);
        ts = (ev as { timestamp: number }).timestamp;
        id = (ev as { userId: string }).userId;
    }
    if (typeof ts !== 'number' || !Number.isFinite(ts)) bad(i, 'timestamp', `expected epoch milliseconds, got ${String(ts)}; validate events with readEvents() first`);
    timestamp[i] = ts;
    if (id !== lastUser) {
      let u = userIndex.get(id);
      if (u === undefined) {
        if (typeof id !== 'string') bad(i, 'userId', `expected a string, got ${typeof id}`);
        u = userIds.length;
        userIndex.set(id, u);
        userIds.push(id);
      }
      lastUser = id;
      lastIndex = u;
    }
    user[i] = lastIndex;
  }
  if (issues.length > 0) throw new ValidationError(issues, 'PlatformData');
  // Group by user with a stable counting sort, then lay every column out in that order.
  const offsets = new Int32Array(userIds.length + 1);
  for (let i = 0; i < n; i++) offsets[user[i] + 1]++;
  for (let u = 0; u < userIds.length; u++) offsets[u + 1] += offsets[u];
  const cursor = offsets.slice(0, userIds.length);
  const position = new Int32Array(n);
  for (let i = 0; i < n; i++) position[i] = cursor[user[i]]++;
  const sorted = allocateBatch([
    [Float64Array, n], [Float64Array, n], [Float64Array, n], [Int32Array, n], [Int32Array, n], [Int32Array, n],
    [Uint8Array, n], [Int8Array, n], [Int8Array, n], [Int8Array, n],
  ] as const);
  const permute = <A extends Uint8Array | Int8Array | Int32Array | Float64Array>(column: A, out: A): A => {
    for (let i = 0; i < n; i++) out[position[i]] = column[i];
    return out;
  };
  return {
    length: n, offsets, userIndex, timestamp: permute(timestamp, sorted[0]), value: permute(value, sorted[1]),
    value2: permute(value2, sorted[2]), user: permute(user, sorted[3]), course: permute(course, sorted[4]),
    textIndex: permute(textIndex, sorted[5]), type: permute(type, sorted[6]), plan: permute(plan, sorted[7]),
    rank: permute(rank, sorted[8]), userIds,
    autoRenew: permute(autoRenew, sorted[9]), texts, courses,
  };
}
