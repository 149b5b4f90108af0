import { userSchema, type User } from '../schema.js';
import { streamRecords } from './stream-records.js';
import type { ReadOptions, ReadSource, ReadStats, Reject } from './types.js';

/** What {@link readUsers} resolves to. */
export interface ReadUsersResult {
  /** Accepted users, in input order. */
  readonly users: User[];
  /** Every rejected row; a second row with a `userId` already read is a `'duplicate'`. */
  readonly rejects: Reject[];
  /** Counts; `read = accepted + rejected`. */
  readonly stats: ReadStats;
}

/**
 * Reads and validates a users table from any source `readEvents` accepts (arrays, CSV, NDJSON, Parquet, DuckDB),
 * with the same column mapping, modes and reject records. A `userId` seen before is rejected as a duplicate.
 */
export async function readUsers(source: ReadSource, options: ReadOptions = {}): Promise<ReadUsersResult> {
  const users: User[] = [];
  const rejects: Reject[] = [];
  let stats: ReadStats = { read: 0, accepted: 0, rejected: 0, duplicates: 0, unsorted: 0 };
  const spec = { kind: 'users', schema: userSchema, key: (u: User) => u.userId, dedupeWindow: Infinity };
  for await (const batch of streamRecords(source, options, spec)) {
    for (const u of batch.events) users.push(u);
    for (const r of batch.rejects) rejects.push(r);
    stats = { ...batch.stats };
  }
  return { users, rejects, stats };
}
