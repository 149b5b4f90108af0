import { courseSchema, type Course } from '../schema.js';
import { streamRecords } from './stream-records.js';
import type { ReadOptions, ReadSource, ReadStats, Reject } from './types.js';

/** What {@link readCourses} resolves to. */
export interface ReadCoursesResult {
  /** Accepted courses, in input order. */
  readonly courses: Course[];
  /** Every rejected row; a second row with a `courseId` already read is a `'duplicate'`. */
  readonly rejects: Reject[];
  /** Counts; `read = accepted + rejected`. */
  readonly stats: ReadStats;
}

/**
 * Reads and validates a courses table from any source `readEvents` accepts, with the same column mapping, modes
 * and reject records. A `courseId` seen before is rejected as a duplicate.
 */
export async function readCourses(source: ReadSource, options: ReadOptions = {}): Promise<ReadCoursesResult> {
  const courses: Course[] = [];
  const rejects: Reject[] = [];
  let stats: ReadStats = { read: 0, accepted: 0, rejected: 0, duplicates: 0, unsorted: 0 };
  const spec = { kind: 'courses', schema: courseSchema, key: (c: Course) => c.courseId, dedupeWindow: Infinity };
  for await (const batch of streamRecords(source, options, spec)) {
    for (const c of batch.events) courses.push(c);
    for (const r of batch.rejects) rejects.push(r);
    stats = { ...batch.stats };
  }
  return { courses, rejects, stats };
}
