import { ValidationError, type Issue } from '../../errors.js';
import type { PlatformEvent } from '../schema.js';
import { META, PLAN_CODES, STRIDE, TYPE } from './layout.js';

/** What {@link EventEncoder.finish} hands to EventColumns: records grouped by user. @internal */
export interface EncodedEvents {
  readonly length: number;
  readonly records: Float64Array;
  readonly offsets: Int32Array;
  readonly userIds: string[];
  /** Position of each id in `userIds`. */
  readonly userIndex: Map<string, number>;
  readonly courseIds: string[];
  readonly texts: string[];
}

const CHUNK = 1 << 16;
const MAX_ISSUES = 100;

/**
 * Packs events one at a time into fixed-size chunks of records (so an input of unknown length
 * never re-copies what it has read), validating the fields features rely on, then groups the
 * records by user in one stable counting sort. Ids become positions in first-seen order.
 * @internal
 */
export class EventEncoder {
  private readonly chunks: Float64Array[] = [];
  private readonly owners: Int32Array[] = [];
  private records: Float64Array;
  private owner: Int32Array;
  private fill = 0;
  private count = 0;
  private readonly userIndex = new Map<string, number>();
  private readonly courseIndex = new Map<string, number>();
  private readonly userIds: string[] = [];
  private readonly courseIds: string[] = [];
  private readonly texts: string[] = [];
  private readonly issues: Issue[] = [];
  private lastUser: string | undefined;
  private lastUserIndex = -1;
  private lastCourse: string | undefined;
  private lastCourseRef = 0;

  /** `expected`: the number of events when known, so one chunk holds them all. */
  constructor(expected = CHUNK) {
    this.records = new Float64Array(Math.max(1, expected) * STRIDE);
    this.owner = new Int32Array(Math.max(1, expected));
  }

  /** Appends one event; `index` is its position in the input, for error paths. */
  push(ev: PlatformEvent, index: number): void {
    if (this.fill === this.owner.length) this.nextChunk();
    const r = this.records;
    const at = this.fill * STRIDE;
    // Fields are read inside each case so that every property access sees one object shape
    // (one event type) and stays monomorphic; a shared read before the switch would see seven.
    let ts: number;
    let id: string;
    switch (ev?.type) {
      case 'view': {
        ts = ev.timestamp;
        id = ev.userId;
        const w = ev.watchSeconds;
        const p = ev.progress;
        if (!(w >= 0 && w < Infinity)) this.bad(index, 'watchSeconds', `expected a finite number >= 0, got ${String(w)}`);
        if (!(p >= 0 && p <= 1)) this.bad(index, 'progress', `expected a number in [0, 1], got ${String(p)}`);
        r[at + 1] = w;
        r[at + 2] = p;
        r[at + 3] = TYPE.view + META.course * this.courseRef(ev.courseId, index, true);
        break;
      }
      case 'purchase':
      case 'refund': {
        ts = ev.timestamp;
        id = ev.userId;
        const a = ev.amount;
        if (!(a >= 0 && a < Infinity)) this.bad(index, 'amount', `expected a finite amount >= 0, got ${String(a)}`);
        r[at + 1] = a;
        r[at + 2] = NaN;
        r[at + 3] = TYPE[ev.type] + META.course * this.courseRef(ev.courseId, index, ev.type === 'purchase');
        break;
      }
      case 'comment': {
        ts = ev.timestamp;
        id = ev.userId;
        if (typeof ev.text !== 'string') this.bad(index, 'text', `expected a string, got ${typeof ev.text}`);
        const rating = ev.rating;
        if (rating !== undefined && !(Number.isInteger(rating) && rating >= 1 && rating <= 5)) this.bad(index, 'rating', `expected an integer 1..5 or no rating, got ${String(rating)}`);
        r[at + 1] = this.texts.length;
        r[at + 2] = rating ?? NaN;
        r[at + 3] = TYPE.comment + META.course * this.courseRef(ev.courseId, index, true);
        this.texts.push(ev.text);
        break;
      }
      case 'subscribe':
      case 'renew':
      case 'cancel': {
        ts = ev.timestamp;
        id = ev.userId;
        const exp = ev.expiresAt;
        const price = ev.price;
        const plan = PLAN_CODES.indexOf(ev.plan);
        if (typeof exp !== 'number' || !Number.isFinite(exp)) this.bad(index, 'expiresAt', `expected epoch milliseconds, got ${String(exp)}`);
        if (!(price >= 0 && price < Infinity)) this.bad(index, 'price', `expected a finite price >= 0, got ${String(price)}`);
        if (plan < 0) this.bad(index, 'plan', `expected one of ${PLAN_CODES.join(', ')}, got ${String(ev.plan)}`);
        if (typeof ev.autoRenew !== 'boolean') this.bad(index, 'autoRenew', `expected true or false, got ${String(ev.autoRenew)}`);
        r[at + 1] = price;
        r[at + 2] = exp;
        r[at + 3] = TYPE[ev.type] + META.plan * (plan + 1) + META.autoRenew * (ev.autoRenew === true ? 1 : 0);
        break;
      }
      default: {
        const raw = ev as unknown as { type?: unknown; timestamp?: unknown; userId?: unknown } | null;
        this.bad(index, 'type', `unknown event type ${JSON.stringify(raw?.type)}; expected one of ${Object.keys(TYPE).join(', ')}`);
        ts = raw?.timestamp as number;
        id = raw?.userId as string;
      }
    }
    if (typeof ts !== 'number' || !Number.isFinite(ts)) this.bad(index, 'timestamp', `expected epoch milliseconds, got ${String(ts)}; validate events with readEvents() first`);
    r[at] = ts;
    if (id !== this.lastUser) {
      let u = this.userIndex.get(id);
      if (u === undefined) {
        if (typeof id !== 'string' || id.length === 0) this.bad(index, 'userId', `expected a non-empty string, got ${typeof id}`);
        u = this.userIds.length;
        this.userIndex.set(id, u);
        this.userIds.push(id);
      }
      this.lastUser = id;
      this.lastUserIndex = u;
    }
    this.owner[this.fill++] = this.lastUserIndex;
    this.count++;
  }

  /** Throws every problem found (up to 100), or groups the records by user. */
  finish(source = 'PlatformData'): EncodedEvents {
    if (this.issues.length > 0) throw new ValidationError(this.issues, source);
    const chunks = [...this.chunks, this.records.subarray(0, this.fill * STRIDE)];
    const owners = [...this.owners, this.owner.subarray(0, this.fill)];
    const n = this.count;
    const offsets = new Int32Array(this.userIds.length + 1);
    for (const owner of owners) for (let i = 0; i < owner.length; i++) offsets[owner[i] + 1]++;
    for (let u = 0; u < this.userIds.length; u++) offsets[u + 1] += offsets[u];
    // A log already grouped by user (one export per user, or a sorted file) needs no reorder.
    let grouped = chunks.length === 1;
    if (grouped) {
      const owner = owners[0];
      for (let i = 1; i < n && grouped; i++) grouped = owner[i] === owner[i - 1] || owner[i] === owner[i - 1] + 1;
    }
    if (grouped) return this.result(chunks[0], offsets);
    const cursor = offsets.slice(0, this.userIds.length);
    if (chunks.length === 1) {
      // One chunk: permute it in place (each cycle puts records straight into their final slots)
      // rather than into a second array the size of the first, whose fresh pages would cost more
      // than the moves themselves.
      const records = chunks[0];
      const dest = owners[0];
      for (let i = 0; i < n; i++) dest[i] = cursor[dest[i]]++;
      for (let i = 0; i < n; i++) {
        while (dest[i] !== i) {
          const j = dest[i];
          const a = i * STRIDE;
          const b = j * STRIDE;
          for (let f = 0; f < STRIDE; f++) {
            const x = records[a + f];
            records[a + f] = records[b + f];
            records[b + f] = x;
          }
          dest[i] = dest[j];
          dest[j] = j;
        }
      }
      return this.result(records, offsets);
    }
    // Several chunks: a stable counting sort into one new array, each record moved once.
    const records = new Float64Array(n * STRIDE);
    chunks.forEach((chunk, c) => {
      const owner = owners[c];
      for (let i = 0; i < owner.length; i++) {
        const from = i * STRIDE;
        const to = cursor[owner[i]]++ * STRIDE;
        records[to] = chunk[from];
        records[to + 1] = chunk[from + 1];
        records[to + 2] = chunk[from + 2];
        records[to + 3] = chunk[from + 3];
      }
    });
    return this.result(records, offsets);
  }

  private result(records: Float64Array, offsets: Int32Array): EncodedEvents {
    return { length: this.count, records, offsets, userIds: this.userIds, userIndex: this.userIndex, courseIds: this.courseIds, texts: this.texts };
  }

  private nextChunk(): void {
    this.chunks.push(this.records);
    this.owners.push(this.owner);
    this.records = new Float64Array(CHUNK * STRIDE);
    this.owner = new Int32Array(CHUNK);
    this.fill = 0;
  }

  /** 0 for no course, else 1 + the id's position; consecutive events often share a course. */
  private courseRef(courseId: string | undefined, index: number, required: boolean): number {
    if (courseId === this.lastCourse && courseId !== undefined) return this.lastCourseRef;
    if (courseId === undefined) {
      if (required) this.bad(index, 'courseId', 'expected a course id, got nothing');
      return 0;
    }
    if (typeof courseId !== 'string' || courseId.length === 0) {
      this.bad(index, 'courseId', `expected a non-empty string, got ${typeof courseId}`);
      return 0;
    }
    let c = this.courseIndex.get(courseId);
    if (c === undefined) {
      c = this.courseIds.length;
      this.courseIndex.set(courseId, c);
      this.courseIds.push(courseId);
    }
    this.lastCourse = courseId;
    this.lastCourseRef = c + 1;
    return c + 1;
  }

  private bad(index: number, field: string, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ code: 'invalid_value', path: ['events', index, field], message });
  }
}
