import { ConfigError } from '../../errors.js';
import type { PlatformEvent } from '../schema.js';
import { EVENT_COLUMNS } from './columns.js';
import { RowSink, type WriteFormat } from './row-sink.js';

/** Options of {@link writeEvents}. */
export interface WriteEventsOptions {
  /** `'ndjson'`, `'csv'` or `'parquet'` (Parquet needs `@duckdb/node-api`). Default: from the extension, else NDJSON. */
  readonly format?: WriteFormat;
}

/** What a writer reports when done. */
export interface WriteSummary {
  /** The file written. */
  readonly path: string;
  /** Records written. */
  readonly events: number;
  /** Size of the file in bytes. */
  readonly bytes: number;
}

/** Events to write: an array, or a sync or async iterable of events or of arrays (batches) of events. */
export type EventsToWrite =
  | readonly PlatformEvent[]
  | Iterable<PlatformEvent | readonly PlatformEvent[]>
  | AsyncIterable<PlatformEvent | readonly PlatformEvent[]>;

/** Picks the output format from the option or the extension. @internal */
export function resolveWriteFormat(path: string, format: WriteFormat | undefined): WriteFormat {
  if (format !== undefined) {
    if (format !== 'ndjson' && format !== 'csv' && format !== 'parquet') throw new ConfigError('format', format, "'ndjson', 'csv' or 'parquet'");
    return format;
  }
  const lower = path.toLowerCase();
  return lower.endsWith('.csv') ? 'csv' : lower.endsWith('.parquet') ? 'parquet' : 'ndjson';
}

/**
 * Writes events to a file in constant memory, as NDJSON (instants as epoch milliseconds), CSV (one wide table,
 * RFC 4180 quoting) or Parquet (instants as TIMESTAMP). Everything written reads back through `readEvents`.
 *
 * @example
 * await writeEvents(streamOfEvents, 'events.parquet', { format: 'parquet' });
 */
export async function writeEvents(events: EventsToWrite, path: string, options: WriteEventsOptions = {}): Promise<WriteSummary> {
  const format = resolveWriteFormat(path, options.format);
  const sink = await RowSink.open(path, format, EVENT_COLUMNS);
  try {
    // Await only when the file asks us to: an await per event would cost more than the writing.
    const put = async (item: PlatformEvent | readonly PlatformEvent[]): Promise<void> => {
      if (!Array.isArray(item)) return sink.write(item as PlatformEvent);
      for (const e of item as readonly PlatformEvent[]) {
        const wait = sink.write(e);
        if (wait) await wait;
      }
    };
    if (Array.isArray(events)) {
      await put(events as readonly PlatformEvent[]);
    } else {
      for await (const item of events as AsyncIterable<PlatformEvent | readonly PlatformEvent[]>) await put(item);
    }
  } catch (error) {
    await sink.abort();
    throw error;
  }
  const bytes = await sink.close();
  return { path, events: sink.count, bytes };
}
