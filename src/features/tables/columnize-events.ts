import type { PlatformData, PlatformEvent } from '../../data/schema.js';
import { ValidationError, type Issue } from '../../errors.js';
import { allocateBatch } from './arena.js';
import { indexCourses, type CourseLookup } from './select-users.js';
import { PLAN_CODES } from './types.js';

/** Event type codes in the columnar form. @internal */
export const TYPE = { view: 0, purchase: 1, refund: 2, comment: 3, subscribe: 4, renew: 5, cancel: 6 } as const;

/** Doubles per event record in {@link ColumnarEvents.records}. @internal */
export const STRIDE = 4;

/**
 * Packs the small per-event fields into one exactly representable double:
 * `type + 8·(plan + 1) + 32·autoRenew + 64·course`. @internal
 */
export const META = { plan: 8, autoRenew: 32, course: 64 } as const;

/**
 * The events of one PlatformData as one flat Float64Array of 4-double records, validated once
 * and grouped by user. Building it is the only pass over the event objects; every later pass
 * (fit, transform, other cutoffs) runs over these records, one user's events at a time,
 * sequentially in memory. One record per event (rather than one array per field) makes the
 * group-by-user reorder one 32-byte move per event instead of ten scattered writes, which was
 * most of the cost on large data. Cached per events array (PlatformData is immutable by contract).
 * @internal
 */
export interface ColumnarEvents {
  readonly length: number;
  /** Events are grouped by user: user `u`'s events are positions `offsets[u]` to `offsets[u + 1] - 1`, in input order. */
  readonly offsets: Int32Array;
  /** Position of each user id in `userIds`. */
  readonly userIds: readonly string[];
  readonly userIndex: ReadonlyMap<string, number>;
  /**
   * Event `i` is `records[STRIDE·i … STRIDE·i + 3]`: timestamp; watchSeconds (view), amount
   * (purchase, refund), price (membership) or text index into `texts` (comment); progress (view)
   * or expiresAt (membership); and the {@link META} code: TYPE, plan code (membership, else -1),
   * autoRenew (1 when a subscribe/renew renews automatically) and course position in `courses`
   * (view; `courses.length` for an unknown course).
   */
  readonly records: Float64Array;
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
  const unknownMeta = META.course * unknownCourse;
  // Records in input order first (sequential writes), then moved into user order below.
  const [unsorted, user] = allocateBatch([[Float64Array, n * STRIDE], [Int32Array, n]] as const);
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
    const at = i * STRIDE;
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
        if (ev.courseId !== lastCourseId) {
          lastCourseId = ev.courseId;
          lastCourse = courses.indexOf.get(ev.courseId) ?? unknownCourse;
        }
        unsorted[at + 1] = w;
        unsorted[at + 2] = p;
        unsorted[at + 3] = TYPE.view + META.course * lastCourse;
        break;
      }
      case 'purchase':
      case 'refund': {
        ts = ev.timestamp;
        id = ev.userId;
        const a = ev.amount;
        if (!(a >= 0 && a < Infinity)) bad(i, 'amount', `expected a finite amount >= 0, got ${String(a)}`);
        unsorted[at + 1] = a;
        unsorted[at + 3] = (ev.type === 'purchase' ? TYPE.purchase : TYPE.refund) + unknownMeta;
        break;
      }
      case 'comment':
        ts = ev.timestamp;
        id = ev.userId;
        if (typeof ev.text !== 'string') bad(i, 'text', `expected a string, got ${typeof ev.text}`);
        unsorted[at + 1] = texts.length;
        unsorted[at + 3] = TYPE.comment + unknownMeta;
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
        unsorted[at + 1] = price;
        unsorted[at + 2] = exp;
        unsorted[at + 3] = TYPE[ev.type] + META.plan * (code + 1) + META.autoRenew * (ev.type !== 'cancel' && ev.autoRenew === true ? 1 : 0) + unknownMeta;
        break;
      }
      default:
        bad(i, 'type', `unknown event type ${JSON.stringify((ev as { type: unknown }).type)}; expected one of ${Object.keys(TYPE).join(', ')}`);
        ts = (ev as { timestamp: number }).timestamp;
        id = (ev as { userId: string }).userId;
    }
    if (typeof ts !== 'number' || !Number.isFinite(ts)) bad(i, 'timestamp', `expected epoch milliseconds, got ${String(ts)}; validate events with readEvents() first`);
    unsorted[at] = ts;
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
  // Group by user with a stable counting sort: each record moves once, as a unit.
  const offsets = new Int32Array(userIds.length + 1);
  for (let i = 0; i < n; i++) offsets[user[i] + 1]++;
  for (let u = 0; u < userIds.length; u++) offsets[u + 1] += offsets[u];
  const cursor = offsets.slice(0, userIds.length);
  const records = new Float64Array(n * STRIDE);
  for (let i = 0; i < n; i++) {
    const from = i * STRIDE;
    const to = cursor[user[i]]++ * STRIDE;
    records[to] = unsorted[from];
    records[to + 1] = unsorted[from + 1];
    records[to + 2] = unsorted[from + 2];
    records[to + 3] = unsorted[from + 3];
  }
  return { length: n, offsets, userIds, userIndex, records, texts, courses };
}
