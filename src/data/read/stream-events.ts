import { ConfigError, describe } from '../../errors.js';
import { platformEventSchema, toEpochMs, type PlatformEvent } from '../schema.js';
import { fastEvent } from './fast-event.js';
import { streamRecords, type RecordSpec } from './stream-records.js';
import type { ReadBatch, ReadEventsOptions, ReadSource, RejectCode } from './types.js';

const STREAM_DEDUPE_WINDOW = 100_000;

/**
 * Reads events as an async iterable of batches, so a log of any size is read in constant memory: each batch
 * holds the events accepted and rejected since the previous one, plus running counts. Events keep input order
 * (`stats.unsorted` counts how often time went backwards); exact duplicates are found among the last
 * `dedupeWindow` events (default 100,000). In strict mode the iteration throws a `ValidationError` at the first
 * bad record.
 *
 * @example
 * for await (const batch of streamEvents('events.ndjson', { mode: 'lenient' })) {
 *   model.update(batch.events);
 *   console.log(batch.stats.read, batch.rejects.length);
 * }
 */
export function streamEvents(source: ReadSource, options: ReadEventsOptions = {}): AsyncGenerator<ReadBatch<PlatformEvent>> {
  return streamRecords(source, options, eventSpec(options, options.dedupeWindow ?? STREAM_DEDUPE_WINDOW));
}

/** The event-specific parts of the reading loop. @internal */
export function eventSpec(options: ReadEventsOptions, dedupeWindow: number): RecordSpec<PlatformEvent> {
  if (!(dedupeWindow >= 0)) throw new ConfigError('dedupeWindow', dedupeWindow, 'a number of events >= 0 (Infinity to remember all)');
  const now = options.now === undefined ? Date.now() : options.now === Infinity ? Infinity : toEpochMs(options.now);
  if (now === undefined) throw new ConfigError('now', options.now, 'an instant: epoch milliseconds, a Date or an ISO-8601 string');
  const signups = options.users ? new Map(Array.from(options.users, (u) => [u.userId, u.signupAt] as const)) : undefined;
  const courses = options.courses ? new Set(Array.from(options.courses, (c) => c.courseId)) : undefined;
  return {
    kind: 'events',
    schema: platformEventSchema,
    fast: fastEvent,
    key: eventKey,
    time: (e) => e.timestamp,
    dedupeWindow,
    eventTypes: options.eventTypes,
    check: (e) => checkEvent(e, now, signups, courses),
  };
}

function checkEvent(
  e: PlatformEvent,
  now: number,
  signups: Map<string, number> | undefined,
  courses: Set<string> | undefined,
): { code: RejectCode; field: string; reason: string } | undefined {
  if (e.timestamp > now) {
    return { code: 'future_timestamp', field: 'timestamp', reason: `${new Date(e.timestamp).toISOString()} is after now (${new Date(now).toISOString()}); check the time zone and unit (milliseconds), or pass { now }` };
  }
  if (signups) {
    const signupAt = signups.get(e.userId);
    if (signupAt === undefined) return { code: 'unknown_user', field: 'userId', reason: `user ${describe(e.userId)} is not among the ${signups.size} users given` };
    if (e.timestamp < signupAt) {
      return { code: 'before_signup', field: 'timestamp', reason: `${new Date(e.timestamp).toISOString()} is before user ${describe(e.userId)} signed up (${new Date(signupAt).toISOString()})` };
    }
  }
  if (courses && 'courseId' in e && e.courseId !== undefined && !courses.has(e.courseId)) {
    return { code: 'unknown_course', field: 'courseId', reason: `course ${describe(e.courseId)} is not among the ${courses.size} courses given` };
  }
  return undefined;
}

const CONTROL = /[\u0000-\u0002]/;

// A string holding a separator or marker itself is escaped, so no two different events share a key.
function str(value: string): string {
  return CONTROL.test(value) ? `\u0002${JSON.stringify(value)}` : value;
}
// \u0001 marks an absent optional value, which then never equals a present string.
function opt(value: string | number | undefined): string {
  return value === undefined ? '\u0001' : typeof value === 'string' ? str(value) : String(value);
}

/**
 * A string that two events share exactly when they are exact duplicates: every field of the event's type,
 * in a fixed order, separated by \u0000. One template per type keeps this cheap on 100M-event logs. @internal
 */
export function eventKey(e: PlatformEvent): string {
  const head = `${e.type}\u0000${str(e.userId)}\u0000${e.timestamp}\u0000`;
  switch (e.type) {
    case 'view':
      return `${head}${str(e.courseId)}\u0000${e.watchSeconds}\u0000${e.progress}`;
    case 'subscribe':
    case 'renew':
    case 'cancel':
      return `${head}${e.plan}\u0000${e.price}\u0000${e.expiresAt}\u0000${e.autoRenew}`;
    case 'purchase':
      return `${head}${str(e.courseId)}\u0000${e.amount}`;
    case 'comment':
      return `${head}${str(e.courseId)}\u0000${opt(e.rating)}\u0000${str(e.text)}`;
    case 'refund':
      return `${head}${e.amount}\u0000${opt(e.courseId)}`;
  }
}
