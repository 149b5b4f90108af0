/** One column of a written table: its name and its DuckDB type in Parquet output. @internal */
export interface ColumnSpec {
  readonly name: string;
  readonly sql: 'VARCHAR' | 'DOUBLE' | 'TIMESTAMP' | 'BOOLEAN' | 'TINYINT' | 'SMALLINT';
}

/** Every field of every event type, one wide table: absent fields are empty (CSV) or NULL (Parquet). @internal */
export const EVENT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'type', sql: 'VARCHAR' },
  { name: 'userId', sql: 'VARCHAR' },
  { name: 'timestamp', sql: 'TIMESTAMP' },
  { name: 'courseId', sql: 'VARCHAR' },
  { name: 'watchSeconds', sql: 'DOUBLE' },
  { name: 'progress', sql: 'DOUBLE' },
  { name: 'amount', sql: 'DOUBLE' },
  { name: 'plan', sql: 'VARCHAR' },
  { name: 'price', sql: 'DOUBLE' },
  { name: 'expiresAt', sql: 'TIMESTAMP' },
  { name: 'autoRenew', sql: 'BOOLEAN' },
  { name: 'text', sql: 'VARCHAR' },
  { name: 'rating', sql: 'TINYINT' },
];

/** The users table. @internal */
export const USER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'userId', sql: 'VARCHAR' },
  { name: 'signupAt', sql: 'TIMESTAMP' },
  { name: 'age', sql: 'SMALLINT' },
  { name: 'gender', sql: 'VARCHAR' },
  { name: 'occupation', sql: 'VARCHAR' },
  { name: 'city', sql: 'VARCHAR' },
  { name: 'channel', sql: 'VARCHAR' },
];

/** The courses table. @internal */
export const COURSE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'courseId', sql: 'VARCHAR' },
  { name: 'category', sql: 'VARCHAR' },
  { name: 'difficulty', sql: 'VARCHAR' },
  { name: 'price', sql: 'DOUBLE' },
  { name: 'format', sql: 'VARCHAR' },
  { name: 'durationSeconds', sql: 'DOUBLE' },
];
