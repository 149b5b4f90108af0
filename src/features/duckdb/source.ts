import type { DuckDBConnection } from '@duckdb/node-api';
import type { Course, User } from '../../data/schema.js';
import { ConfigError } from '../../errors.js';

/**
 * Events held in a DuckDB table, with the users and courses in memory. The table has one row
 * per event and the columns of {@link PlatformEvent}, camelCase: `type`, `userId`, `timestamp`
 * (epoch ms as a number, or a TIMESTAMP), `courseId`, `watchSeconds`, `progress`, `amount`,
 * `text`, `plan`, `price`, `expiresAt`, `autoRenew`; columns a type does not use are NULL.
 */
export interface DuckDBSource {
  /** Marks a DuckDB source. */
  readonly kind: 'churnkit.DuckDBSource';
  /** An open @duckdb/node-api connection. */
  readonly connection: DuckDBConnection;
  /** The events table (may be schema-qualified). */
  readonly table: string;
  /** The users, as in PlatformData. */
  readonly users: readonly User[];
  /** The courses, as in PlatformData. */
  readonly courses: readonly Course[];
}

/** Options of {@link fromDuckDB}. */
export interface FromDuckDBOptions {
  /** The events table. Default `'events'`. */
  readonly table?: string;
  /** The users, as in PlatformData. */
  readonly users: readonly User[];
  /** The courses, as in PlatformData. */
  readonly courses: readonly Course[];
}

/**
 * A source for `FeaturePipeline.fit / transform / fitTransform` that pushes the bucketed
 * aggregations into SQL over a DuckDB table, giving the same FeatureSet as the in-memory path.
 */
export function fromDuckDB(connection: DuckDBConnection, options: FromDuckDBOptions): DuckDBSource {
  if (typeof (connection as { runAndReadAll?: unknown })?.runAndReadAll !== 'function') {
    throw new ConfigError('connection', connection, 'a DuckDBConnection from @duckdb/node-api (instance.connect())');
  }
  const table = options.table ?? 'events';
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)?$/.test(table)) throw new ConfigError('table', table, 'a table name such as "events" or "main.events"');
  if (!Array.isArray(options.users)) throw new ConfigError('users', options.users, 'an array of User');
  if (!Array.isArray(options.courses)) throw new ConfigError('courses', options.courses, 'an array of Course');
  return { kind: 'churnkit.DuckDBSource', connection, table, users: options.users, courses: options.courses };
}

/** True when `value` is a DuckDB source. @internal */
export function isDuckDBSource(value: unknown): value is DuckDBSource {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'churnkit.DuckDBSource';
}
