import type { Course, User } from '../schema.js';

/** Why a record was rejected: a stable, machine-readable code. */
export type RejectCode =
  | 'missing'
  | 'invalid_type'
  | 'not_finite'
  | 'out_of_range'
  | 'invalid_value'
  | 'unknown_type'
  | 'not_an_object'
  | 'malformed_csv'
  | 'malformed_json'
  | 'invalid_utf8'
  | 'future_timestamp'
  | 'before_signup'
  | 'unknown_user'
  | 'unknown_course'
  | 'duplicate';

/** One record that was read but not accepted, and why. */
export interface Reject {
  /** Where the record came from: a file path, `'array'`, `'iterable'`, `'stream'`, `'duckdb'` or the `name` option. */
  readonly source: string;
  /** 0-based index of the record among the data records read (a CSV header is not a record). */
  readonly row: number;
  /** 1-based line in a text source (CSV, NDJSON) where the record starts; absent for arrays, iterables and DuckDB. */
  readonly line?: number;
  /** The field at fault in churnkit's names (`'watchSeconds'`), or `''` when the whole record is at fault. */
  readonly field: string;
  /** What was wrong and how to fix it. */
  readonly reason: string;
  /** A stable code for the kind of problem. */
  readonly code: RejectCode;
  /** The record as read (the line's text for text sources, truncated to 1,000 characters); kept unless `keepRaw: false`. */
  readonly raw?: unknown;
}

/**
 * Running counts of one read. `read = accepted + rejected` always holds: a duplicate is counted in `duplicates`
 * and also rejected (code `'duplicate'`), so every record read is either accepted or rejected, never both.
 */
export interface ReadStats {
  /** Records read from the source (blank lines are not records). */
  read: number;
  /** Records that passed validation and are returned. */
  accepted: number;
  /** Records not returned, duplicates included. */
  rejected: number;
  /** Exact duplicates of a record accepted earlier (a subset of `rejected`). */
  duplicates: number;
  /** Accepted records whose timestamp is earlier than the one accepted just before it (0 when input is sorted). */
  unsorted: number;
}

/** A text format churnkit reads line by line. */
export type TextFormat = 'csv' | 'ndjson';
/** Every input format `readEvents` understands. */
export type ReadFormat = TextFormat | 'parquet';

/** Maps churnkit's field names to the column names in a log, e.g. `{ userId: 'uid', timestamp: 'ts' }`. */
export type ColumnMap = Readonly<Record<string, string>>;

/** A query over an embedded DuckDB database: the default analytical store for large logs. */
export interface DuckDBQuery {
  /** An open `DuckDBConnection` or `DuckDBInstance` from `@duckdb/node-api`, or a database file path (`':memory:'` allowed). */
  readonly duckdb: unknown;
  /** The SQL whose rows are the records, e.g. `SELECT * FROM events WHERE ts >= '2024-01-01'`. */
  readonly sql: string;
  /** Values for `?` or `$name` placeholders in `sql`. */
  readonly params?: readonly unknown[] | Readonly<Record<string, unknown>>;
}

/**
 * Anything `readEvents` reads: an array of objects; a sync or async iterable of objects or of pages (arrays) of
 * objects; a file path or `file://` URL (CSV, NDJSON, Parquet); a Node Readable or web ReadableStream of bytes or
 * text (CSV or NDJSON); or a {@link DuckDBQuery}.
 */
export type ReadSource =
  | readonly unknown[]
  | Iterable<unknown>
  | AsyncIterable<unknown>
  | string
  | URL
  | ReadableStream<unknown>
  | DuckDBQuery;

/** Options shared by every reader. */
export interface ReadOptions {
  /** The input format; guessed from the file extension (`.csv`, `.ndjson`/`.jsonl`, `.parquet`) or the source. */
  readonly format?: ReadFormat;
  /** `'strict'` (default) throws a `ValidationError` at the first bad record; `'lenient'` collects rejects. */
  readonly mode?: 'strict' | 'lenient';
  /** Our field name to the log's column name, for logs whose names differ. */
  readonly columns?: ColumnMap;
  /** The source's name in rejects and errors; defaults to the path, `'array'`, `'iterable'`, `'stream'` or `'duckdb'`. */
  readonly name?: string;
  /** Records per yielded batch when streaming (default 8,192). */
  readonly batchSize?: number;
  /** Keep the raw record in each reject (default true). */
  readonly keepRaw?: boolean;
  /** Called after each batch with the running counts; omit to stay silent. */
  readonly onProgress?: (stats: Readonly<ReadStats>) => void;
}

/** Options of `readEvents` and `streamEvents`. */
export interface ReadEventsOptions extends ReadOptions {
  /** The log's event type names to ours, e.g. `{ play: 'view', buy: 'purchase' }`. */
  readonly eventTypes?: Readonly<Record<string, string>>;
  /** Known users: events of other users are rejected (`unknown_user`), events before signup too (`before_signup`). */
  readonly users?: Iterable<User>;
  /** Known courses: events naming other courses are rejected (`unknown_course`). */
  readonly courses?: Iterable<Course>;
  /** Events after this instant are rejected (`future_timestamp`); default: the time of the call. `Infinity` turns it off. */
  readonly now?: number | Date | string;
  /**
   * How many recent events `streamEvents` remembers to find exact duplicates (default 1,000,000); `readEvents`
   * remembers all of them.
   */
  readonly dedupeWindow?: number;
}

/** What `readEvents`, `readUsers` and `readCourses` resolve to. */
export interface ReadResult<T> {
  /** Accepted records; events are sorted by timestamp (ties keep input order). */
  readonly events: T[];
  /** Every rejected record, in input order. */
  readonly rejects: Reject[];
  /** Counts; `read = accepted + rejected`. */
  readonly stats: ReadStats;
}

/** One batch from `streamEvents`: the records accepted and rejected since the previous batch, and running counts. */
export interface ReadBatch<T> {
  /** Records accepted in this batch, in input order. */
  readonly events: T[];
  /** Records rejected in this batch. */
  readonly rejects: Reject[];
  /** Running counts since the start of the read (a copy). */
  readonly stats: Readonly<ReadStats>;
}
