import { ConfigError } from '../../errors.js';
import { formatFromPath, openFile, readWebStream, toPath } from './open-bytes.js';
import type { RawRecord, RecordChunk } from './raw-record.js';
import { readDuckDBRecords, readParquetRecords } from './read-duckdb-records.js';
import { readTextRecords } from './read-text-records.js';
import type { DuckDBQuery, ReadFormat, ReadSource } from './types.js';

/** A source opened for reading: its records, chunk by chunk, and its name for rejects. @internal */
export interface OpenedSource {
  readonly name: string;
  readonly chunks: AsyncGenerator<RecordChunk>;
}

function isDuckDBQuery(source: unknown): source is DuckDBQuery {
  return typeof source === 'object' && source !== null && 'duckdb' in source && 'sql' in source;
}
function isWebStream(source: unknown): source is ReadableStream<unknown> {
  return typeof source === 'object' && source !== null && typeof (source as ReadableStream).getReader === 'function';
}

/** Works out what a source is and opens it. @internal */
export function openRecords(source: ReadSource, format: ReadFormat | undefined, batchSize: number): OpenedSource {
  if (typeof source === 'string' || source instanceof URL) {
    const path = toPath(source);
    const fmt = format ?? formatFromPath(path);
    if (fmt === 'parquet') return { name: path, chunks: readParquetRecords(path) };
    if (fmt !== 'csv' && fmt !== 'ndjson') {
      throw new ConfigError('format', format, `'csv', 'ndjson' or 'parquet' for ${JSON.stringify(path)}; its extension does not say which, so pass { format }`);
    }
    return { name: path, chunks: readTextRecords(openFile(path), fmt) };
  }
  if (isDuckDBQuery(source)) {
    if (typeof source.sql !== 'string' || source.sql.trim() === '') throw new ConfigError('sql', source.sql, 'a SQL query string');
    return { name: 'duckdb', chunks: readDuckDBRecords(source.duckdb, source.sql, source.params) };
  }
  if (Array.isArray(source)) return { name: 'array', chunks: fromArray(source, batchSize) };
  if (isWebStream(source)) return { name: 'stream', chunks: fromIterable(readWebStream(source), format, batchSize) };
  if (typeof source === 'object' && source !== null && (Symbol.asyncIterator in source || Symbol.iterator in source)) {
    // Node Readable streams are async iterables of Buffers (or strings, or objects in object mode).
    const name = typeof (source as { pipe?: unknown }).pipe === 'function' ? 'stream' : 'iterable';
    return { name, chunks: fromIterable(source as AsyncIterable<unknown>, format, batchSize) };
  }
  throw new ConfigError(
    'source',
    source,
    'an array of objects, an iterable or async iterable, a file path or file:// URL, a Node or web stream, or { duckdb, sql }',
  );
}

async function* fromArray(items: readonly unknown[], batchSize: number): AsyncGenerator<RecordChunk> {
  for (let start = 0; start < items.length; start += batchSize) {
    const end = Math.min(items.length, start + batchSize);
    const records: RawRecord[] = new Array(end - start);
    for (let i = start; i < end; i++) records[i - start] = { value: items[i], row: i, raw: items[i] };
    yield { records, csv: false };
  }
}

/**
 * Reads an iterable whose first item decides its kind: bytes or strings are a text file (NDJSON unless
 * `format` says CSV); arrays are pages of records (an HTTP API's pages, say); anything else is a record.
 */
async function* fromIterable(source: AsyncIterable<unknown> | Iterable<unknown>, format: ReadFormat | undefined, batchSize: number): AsyncGenerator<RecordChunk> {
  const iterator: AsyncIterator<unknown> | Iterator<unknown> =
    Symbol.asyncIterator in source ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]() : (source as Iterable<unknown>)[Symbol.iterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest: AsyncIterable<unknown> = {
    [Symbol.asyncIterator]: () => {
      let pending: IteratorResult<unknown> | undefined = first;
      return {
        next: async () => {
          if (pending) {
            const item = pending;
            pending = undefined;
            return item;
          }
          return iterator.next();
        },
        return: async () => {
          await iterator.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
  if (typeof first.value === 'string' || first.value instanceof Uint8Array) {
    const fmt = format ?? 'ndjson';
    if (fmt !== 'csv' && fmt !== 'ndjson') throw new ConfigError('format', format, "'csv' or 'ndjson' for a byte or text stream");
    yield* readTextRecords(rest, fmt);
    return;
  }
  let row = 0;
  let records: RawRecord[] = [];
  for await (const item of rest) {
    if (Array.isArray(item)) {
      for (const value of item) records.push({ value, row: row++, raw: value });
    } else {
      records.push({ value: item, row: row++, raw: item });
    }
    if (records.length >= batchSize) {
      yield { records, csv: false };
      records = [];
    }
  }
  if (records.length > 0) yield { records, csv: false };
}
