import { ConfigError, NotSupportedError } from '../../errors.js';
import { importNode } from '../../backend/runtime.js';

/** The parts of `@duckdb/node-api` churnkit uses. @internal */
export type DuckDBModule = typeof import('@duckdb/node-api');

let loading: Promise<DuckDBModule> | undefined;

/**
 * Loads `@duckdb/node-api` on first use. It is an optional peer: browser builds and users who never touch Parquet
 * or DuckDB need not install it, so it is never imported at module load. @internal
 */
export function loadDuckDB(): Promise<DuckDBModule> {
  loading ??= importDuckDB(() => importNode<typeof import('@duckdb/node-api')>('@duckdb/node-api')).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Runs `importer` and turns a failure into an error that names the package and how to install it. @internal */
export async function importDuckDB<T>(importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (cause) {
    const error = new NotSupportedError(
      `Reading or writing Parquet and DuckDB needs the optional package @duckdb/node-api, which could not be loaded (${String((cause as Error)?.message ?? cause)}). Install it with: npm install @duckdb/node-api`,
    );
    (error as Error & { cause?: unknown }).cause = cause;
    throw error;
  }
}

/**
 * Settings for the DuckDB instances churnkit opens itself (Parquet reads and writes): a bounded memory budget and
 * one thread. Measured on a 1.1M-event CSV-to-Parquet COPY: peak RSS 340 MB with defaults, 344 MB with 2 threads
 * and a 256 MB limit, 236 MB with 1 thread; at 11M events the defaults reached 1.1 GB. @internal
 */
export const BOUNDED_DUCKDB: Readonly<Record<string, string>> = { memory_limit: '256MB', threads: '1' };

/** An open connection and how to release what we opened. @internal */
export interface DuckDBHandle {
  readonly connection: import('@duckdb/node-api').DuckDBConnection;
  /** Closes the connection (and instance) only if churnkit opened them. */
  close(): void;
}

/** Accepts a DuckDBConnection, a DuckDBInstance or a database path, and gives a connection. @internal */
export async function openDuckDB(target: unknown, settings?: Record<string, string>): Promise<DuckDBHandle> {
  const duckdb = await loadDuckDB();
  if (target instanceof duckdb.DuckDBConnection) return { connection: target, close: () => {} };
  if (target instanceof duckdb.DuckDBInstance) {
    const connection = await target.connect();
    return { connection, close: () => connection.closeSync() };
  }
  if (target === undefined || typeof target === 'string') {
    const instance = await duckdb.DuckDBInstance.create(target ?? ':memory:', settings);
    const connection = await instance.connect();
    return {
      connection,
      close: () => {
        connection.closeSync();
        instance.closeSync();
      },
    };
  }
  throw new ConfigError('duckdb', target, "a DuckDBConnection, a DuckDBInstance or a database path, e.g. { duckdb: 'events.duckdb', sql: 'SELECT * FROM events' }");
}

/** Quotes a string as a SQL literal. @internal */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
