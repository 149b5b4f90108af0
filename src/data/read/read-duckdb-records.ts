import { BOUNDED_DUCKDB, openDuckDB, sqlString } from '../duckdb/load-duckdb.js';
import type { RawRecord, RecordChunk } from './raw-record.js';

/**
 * Streams the rows of a DuckDB query as records, one DuckDB chunk (~2,048 rows) at a time. DuckDB values become
 * plain JS: BIGINT to number, TIMESTAMP to epoch milliseconds, NULL to absent. @internal
 */
export async function* readDuckDBRecords(target: unknown, sql: string, params?: unknown, settings?: Record<string, string>): AsyncGenerator<RecordChunk> {
  const handle = await openDuckDB(target, settings);
  try {
    const result = await handle.connection.stream(sql, params as never);
    let row = 0;
    for await (const rows of result.yieldRowObjectJs()) {
      const records: RawRecord[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const value = toPlain(rows[i] as Record<string, unknown>);
        records[i] = { value, row: row++, raw: value };
      }
      yield { records, csv: false };
    }
  } finally {
    handle.close();
  }
}

/** Streams a Parquet file's rows through an in-memory DuckDB. @internal */
export function readParquetRecords(path: string): AsyncGenerator<RecordChunk> {
  return readDuckDBRecords(undefined, `SELECT * FROM read_parquet(${sqlString(path)})`, undefined, { ...BOUNDED_DUCKDB });
}

function toPlain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (value === null || value === undefined || key === '__proto__') continue;
    out[key] = typeof value === 'bigint' ? Number(value) : value instanceof Date ? value.getTime() : value;
  }
  return out;
}
