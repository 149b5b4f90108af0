import type { ReadBatch, ReadStats, Reject } from '../read/types.js';
import type { Course, PlatformEvent, User } from '../schema.js';
import { EventEncoder, type EncodedEvents } from './encode-events.js';
import { META, PLAN_CODES, STRIDE, TYPE_NAMES } from './layout.js';

/**
 * Platform events stored column-wise and grouped by user: one record of four doubles (32 bytes)
 * per event, ids and comment texts held once each. An array of event objects costs about four
 * times the memory and, at tens of millions of events, most of the time of any pass over it goes
 * to the garbage collector tracing those objects; features built from `EventColumns` skip both.
 * Build it once, drop the objects, and fit and transform as often as you like.
 *
 * Events keep their input order within each user; users are in order of first appearance.
 * Immutable once built.
 *
 * @example
 * ```ts
 * const events = EventColumns.from(data.events);          // or: await EventColumns.fromStream(streamEvents('events.ndjson'))
 * const pipeline = FeaturePipeline.default().fit({ users, courses, events }, { cutoff });
 * ```
 */
export class EventColumns {
  /** Number of events. */
  readonly length: number;
  /** Distinct user ids, in order of first appearance. */
  readonly userIds: readonly string[];
  /** Distinct course ids, in order of first appearance. */
  readonly courseIds: readonly string[];
  /** User `u`'s events are records `offsets[u]` to `offsets[u + 1] - 1`. @internal */
  readonly offsets: Int32Array;
  /** Packed records, see `layout.ts`. @internal */
  readonly records: Float64Array;
  /** Comment texts, by position. @internal */
  readonly texts: readonly string[];
  private readonly userIndex: ReadonlyMap<string, number>;

  private constructor(encoded: EncodedEvents) {
    this.length = encoded.length;
    this.userIds = encoded.userIds;
    this.userIndex = encoded.userIndex;
    this.courseIds = encoded.courseIds;
    this.offsets = encoded.offsets;
    this.records = encoded.records;
    this.texts = encoded.texts;
  }

  /**
   * Packs events in memory. Checks the fields features use and throws one `ValidationError`
   * listing every bad event (up to 100) by position, e.g. `events[812].timestamp`.
   */
  static from(events: Iterable<PlatformEvent>): EventColumns {
    const known = Array.isArray(events) ? events.length : undefined;
    const encoder = new EventEncoder(known);
    let i = 0;
    for (const event of events) encoder.push(event, i++);
    return new EventColumns(encoder.finish());
  }

  /**
   * Packs a stream of event batches, such as `streamEvents(file)`, without ever holding the
   * event objects of more than one batch: the way to fit features on logs larger than memory
   * holds as objects. Resolves to the columns and the stream's rejects and counts, so that what
   * the reader rejected stays visible (`stats.read = stats.accepted + stats.rejected`).
   */
  static async fromStream(batches: AsyncIterable<ReadBatch<PlatformEvent>> | Iterable<ReadBatch<PlatformEvent>>): Promise<EventColumnsReadResult> {
    const encoder = new EventEncoder();
    const rejects: Reject[] = [];
    let stats: ReadStats = { read: 0, accepted: 0, rejected: 0, duplicates: 0, unsorted: 0 };
    let i = 0;
    for await (const batch of batches) {
      for (const event of batch.events) encoder.push(event, i++);
      for (const reject of batch.rejects) rejects.push(reject);
      stats = { ...batch.stats };
    }
    return { events: new EventColumns(encoder.finish('stream')), rejects, stats };
  }

  /** Number of distinct users. */
  get userCount(): number {
    return this.userIds.length;
  }

  /** Position of a user id in {@link EventColumns.userIds}, or -1. */
  indexOfUser(userId: string): number {
    return this.userIndex.get(userId) ?? -1;
  }

  /** One user's events as objects, in input order (empty for an unknown user). */
  eventsOf(userId: string): PlatformEvent[] {
    const u = this.indexOfUser(userId);
    if (u < 0) return [];
    const out: PlatformEvent[] = [];
    for (let i = this.offsets[u]; i < this.offsets[u + 1]; i++) out.push(this.eventAt(i, userId));
    return out;
  }

  /**
   * The events as objects, one at a time, grouped by user: so anything that takes an iterable of
   * events (such as `labelUsers`) takes `EventColumns` too, without materialising them all.
   */
  *[Symbol.iterator](): IterableIterator<PlatformEvent> {
    for (let u = 0; u < this.userIds.length; u++) {
      const userId = this.userIds[u];
      for (let i = this.offsets[u]; i < this.offsets[u + 1]; i++) yield this.eventAt(i, userId);
    }
  }

  /** Every event as an object, grouped by user (in {@link EventColumns.userIds} order). */
  toEvents(): PlatformEvent[] {
    return [...this];
  }

  private eventAt(i: number, userId: string): PlatformEvent {
    const r = this.records;
    const at = i * STRIDE;
    const timestamp = r[at];
    const meta = r[at + 3];
    const courseRef = Math.floor(meta / META.course);
    const code = meta - courseRef * META.course;
    const type = TYPE_NAMES[code & 7];
    const courseId = courseRef > 0 ? this.courseIds[courseRef - 1] : undefined;
    switch (type) {
      case 'view':
        return { type, userId, timestamp, courseId: courseId!, watchSeconds: r[at + 1], progress: r[at + 2] };
      case 'purchase':
        return { type, userId, timestamp, courseId: courseId!, amount: r[at + 1] };
      case 'refund':
        return courseId === undefined ? { type, userId, timestamp, amount: r[at + 1] } : { type, userId, timestamp, amount: r[at + 1], courseId };
      case 'comment': {
        const text = this.texts[r[at + 1]];
        const rating = r[at + 2];
        return Number.isNaN(rating) ? { type, userId, timestamp, courseId: courseId!, text } : { type, userId, timestamp, courseId: courseId!, text, rating };
      }
      default:
        return {
          type,
          userId,
          timestamp,
          plan: PLAN_CODES[((code / META.plan) & 3) - 1],
          price: r[at + 1],
          expiresAt: r[at + 2],
          autoRenew: ((code / META.autoRenew) & 1) === 1,
        };
    }
  }
}

/** What {@link EventColumns.fromStream} resolves to. */
export interface EventColumnsReadResult {
  /** The accepted events, packed. */
  readonly events: EventColumns;
  /** Every record the stream rejected, in input order. */
  readonly rejects: Reject[];
  /** The stream's final counts; `read = accepted + rejected`. */
  readonly stats: ReadStats;
}

/**
 * Platform data whose events are packed in {@link EventColumns}: what `FeaturePipeline` fits
 * and transforms fastest.
 */
export interface ColumnarPlatformData {
  /** Every user. */
  readonly users: readonly User[];
  /** Every course. */
  readonly courses: readonly Course[];
  /** The events, packed. */
  readonly events: EventColumns;
}

/** True when `value` is an {@link EventColumns}. @internal */
export function isEventColumns(value: unknown): value is EventColumns {
  return value instanceof EventColumns;
}
