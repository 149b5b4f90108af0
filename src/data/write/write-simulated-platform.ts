import { generatePlatform } from '../simulate/generate-platform.js';
import type { SimulateOptions } from '../simulate/options.js';
import { COURSE_COLUMNS, EVENT_COLUMNS, USER_COLUMNS } from './columns.js';
import { RowSink, type WriteFormat } from './row-sink.js';
import { resolveWriteFormat } from './write-events.js';

/** Options of {@link writeSimulatedPlatform}: the simulator's options plus where to write. */
export interface WriteSimulatedPlatformOptions extends SimulateOptions {
  /** The event log's path. */
  readonly path: string;
  /** `'ndjson'`, `'csv'` or `'parquet'`; default from the extension of `path`, else NDJSON. */
  readonly format?: WriteFormat;
  /** Where to write the users table (same format), if wanted. */
  readonly usersPath?: string;
  /** Where to write the courses table (same format), if wanted. */
  readonly coursesPath?: string;
  /** Called every 10,000 users with the users and events written so far; omit to stay silent. */
  readonly onProgress?: (progress: { readonly users: number; readonly events: number }) => void;
}

/** What {@link writeSimulatedPlatform} wrote. */
export interface WriteSimulatedPlatformSummary {
  /** The event log's path. */
  readonly path: string;
  /** Users simulated. */
  readonly users: number;
  /** Events written. */
  readonly events: number;
  /** Size of the event log in bytes. */
  readonly bytes: number;
  /** The simulation's cutoff (epoch ms, UTC). */
  readonly cutoff: number;
  /** Days simulated after the cutoff. */
  readonly horizonDays: number;
}

/**
 * Simulates a platform one user at a time and writes it to disk in constant memory, so a million users
 * (tens of millions of events) never sit in memory. Same options, same seed: the same file.
 *
 * @example
 * await writeSimulatedPlatform({ users: 1_000_000, seed: 7, path: 'events.parquet', usersPath: 'users.parquet' });
 */
export async function writeSimulatedPlatform(options: WriteSimulatedPlatformOptions): Promise<WriteSimulatedPlatformSummary> {
  const { path, format: requested, usersPath, coursesPath, onProgress, ...simulate } = options;
  const format = resolveWriteFormat(path, requested);
  const stream = generatePlatform(simulate);
  const sinks: RowSink[] = [];
  try {
    const events = await RowSink.open(path, format, EVENT_COLUMNS);
    sinks.push(events);
    const users = usersPath ? await RowSink.open(usersPath, format, USER_COLUMNS) : undefined;
    if (users) sinks.push(users);
    if (coursesPath) {
      const courses = await RowSink.open(coursesPath, format, COURSE_COLUMNS);
      sinks.push(courses);
      for (const c of stream.courses) await courses.write(c);
    }
    let n = 0;
    for (const chunk of stream) {
      for (const e of chunk.events) {
        const wait = events.write(e);
        if (wait) await wait;
      }
      if (users) await users.write(chunk.user);
      if (++n % 10_000 === 0) onProgress?.({ users: n, events: events.count });
    }
    const written = events.count;
    const [bytes] = await Promise.all(sinks.map((s) => s.close()));
    return { path, users: n, events: written, bytes, cutoff: stream.cutoff, horizonDays: stream.horizonDays };
  } catch (error) {
    await Promise.all(sinks.map((s) => s.abort()));
    throw error;
  }
}
