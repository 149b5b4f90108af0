import type { PlatformData } from '../schema.js';
import { readCourses } from './read-courses.js';
import { readEvents } from './read-events.js';
import { readUsers } from './read-users.js';
import type { ReadEventsOptions, ReadOptions, ReadSource, ReadStats, Reject } from './types.js';

/** The three tables {@link readPlatform} reads. */
export interface PlatformSources {
  /** The users table. */
  readonly users: ReadSource;
  /** The courses table. */
  readonly courses: ReadSource;
  /** The event log. */
  readonly events: ReadSource;
}

/** Per-table options for {@link readPlatform}; `mode` and `now` apply to all three. */
export interface ReadPlatformOptions {
  /** `'strict'` (default) or `'lenient'`, for every table. */
  readonly mode?: 'strict' | 'lenient';
  /** Events after this instant are rejected; default: the time of the call. */
  readonly now?: ReadEventsOptions['now'];
  /** Options for the users table. */
  readonly users?: ReadOptions;
  /** Options for the courses table. */
  readonly courses?: ReadOptions;
  /** Options for the event log (its `users` and `courses` are filled in from the tables read). */
  readonly events?: Omit<ReadEventsOptions, 'users' | 'courses'>;
}

/** One value per table. */
export interface PerTable<T> {
  /** For the users table. */
  readonly users: T;
  /** For the courses table. */
  readonly courses: T;
  /** For the event log. */
  readonly events: T;
}

/** What {@link readPlatform} resolves to: the data, and each table's rejects and counts. */
export interface ReadPlatformResult {
  /** Users, courses and (sorted) events that passed validation. */
  readonly data: PlatformData;
  /** Rejected records of each table. */
  readonly rejects: PerTable<Reject[]>;
  /** Counts of each table; `read = accepted + rejected` for each. */
  readonly stats: PerTable<ReadStats>;
}

/**
 * Reads users, courses and events into a {@link PlatformData}, checking events against the users and courses
 * read: an event of an unknown user or course, or before its user's signup, is rejected.
 */
export async function readPlatform(sources: PlatformSources, options: ReadPlatformOptions = {}): Promise<ReadPlatformResult> {
  const mode = options.mode;
  const users = await readUsers(sources.users, { mode, ...options.users });
  const courses = await readCourses(sources.courses, { mode, ...options.courses });
  const events = await readEvents(sources.events, { mode, now: options.now, ...options.events, users: users.users, courses: courses.courses });
  return {
    data: { users: users.users, courses: courses.courses, events: events.events },
    rejects: { users: users.rejects, courses: courses.rejects, events: events.rejects },
    stats: { users: users.stats, courses: courses.stats, events: events.stats },
  };
}
