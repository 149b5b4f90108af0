import type { DuckDBConnection } from '@duckdb/node-api';
import type { PlatformEvent } from '../../data/schema.js';

/** The events table layout {@link fromDuckDB} reads, as DDL. @internal */
export const EVENTS_DDL = `type VARCHAR, userId VARCHAR, timestamp DOUBLE, courseId VARCHAR, watchSeconds DOUBLE,
  progress DOUBLE, amount DOUBLE, text VARCHAR, rating INTEGER, plan VARCHAR, price DOUBLE, expiresAt DOUBLE, autoRenew BOOLEAN`;

/**
 * Creates (or replaces) `table` and appends the events, for tests and benchmarks of the DuckDB
 * path. Real deployments usually load Parquet or CSV with DuckDB's own readers instead.
 * @internal
 */
export async function writeEventsToDuckDB(connection: DuckDBConnection, events: readonly PlatformEvent[], table = 'events'): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE ${table} (${EVENTS_DDL})`);
  const appender = await connection.createAppender(table);
  const text = (v: string | undefined) => (v === undefined ? appender.appendNull() : appender.appendVarchar(v));
  const num = (v: number | undefined) => (v === undefined ? appender.appendNull() : appender.appendDouble(v));
  for (const e of events) {
    const any = e as Partial<Record<string, unknown>>;
    appender.appendVarchar(e.type);
    appender.appendVarchar(e.userId);
    appender.appendDouble(e.timestamp);
    text(any.courseId as string | undefined);
    num(any.watchSeconds as number | undefined);
    num(any.progress as number | undefined);
    num(any.amount as number | undefined);
    text(any.text as string | undefined);
    if (typeof any.rating === 'number') appender.appendInteger(any.rating);
    else appender.appendNull();
    text(any.plan as string | undefined);
    num(any.price as number | undefined);
    num(any.expiresAt as number | undefined);
    if (typeof any.autoRenew === 'boolean') appender.appendBoolean(any.autoRenew);
    else appender.appendNull();
    appender.endRow();
  }
  appender.closeSync();
}
