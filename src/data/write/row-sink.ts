import { BOUNDED_DUCKDB, openDuckDB, sqlString } from '../duckdb/load-duckdb.js';
import type { ColumnSpec } from './columns.js';
import { csvHeader, csvLine } from './format-row.js';
import { importNode } from '../../backend/runtime.js';

/** A format churnkit writes. */
export type WriteFormat = 'ndjson' | 'csv' | 'parquet';

// Text is handed to the file in ~1 MiB pieces: few syscalls, little memory.
const FLUSH_CHARS = 1 << 20;

/**
 * Writes records to one file in constant memory: NDJSON or CSV directly; Parquet by streaming CSV to a temporary
 * file that DuckDB then converts with `COPY ... TO ... (FORMAT parquet)`, the fastest path measured (DuckDB's
 * appender costs one native call per cell). @internal
 */
export class RowSink {
  private parts: string[] = [];
  private size = 0;
  private stream?: import('node:fs').WriteStream;
  private tempDir?: string;
  private textPath = '';
  /** Records written. */
  count = 0;

  private constructor(
    private readonly path: string,
    private readonly format: WriteFormat,
    private readonly columns: readonly ColumnSpec[],
  ) {}

  /** Opens `path` for writing. */
  static async open(path: string, format: WriteFormat, columns: readonly ColumnSpec[]): Promise<RowSink> {
    const sink = new RowSink(path, format, columns);
    const fs = await importNode<typeof import('node:fs')>('node:fs');
    sink.textPath = path;
    if (format === 'parquet') {
      const { tmpdir } = await importNode<typeof import('node:os')>('node:os');
      const { join } = await importNode<typeof import('node:path')>('node:path');
      sink.tempDir = await fs.promises.mkdtemp(join(tmpdir(), 'churnkit-'));
      sink.textPath = join(sink.tempDir, 'rows.csv');
    }
    sink.stream = fs.createWriteStream(sink.textPath);
    if (format !== 'ndjson') sink.push(csvHeader(columns));
    return sink;
  }

  /** Adds one record; returns a promise only when the buffer was flushed and the file asked us to wait. */
  write(record: object): Promise<void> | undefined {
    this.count++;
    return this.push(this.format === 'ndjson' ? `${JSON.stringify(record)}\n` : csvLine(record, this.columns));
  }

  /** Flushes, closes the file and, for Parquet, converts it; resolves to the bytes written to `path`. */
  async close(): Promise<number> {
    await this.flush();
    const stream = this.stream!;
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const fs = await importNode<typeof import('node:fs')>('node:fs');
    try {
      if (this.format === 'parquet') await this.toParquet();
    } finally {
      if (this.tempDir) await fs.promises.rm(this.tempDir, { recursive: true, force: true });
    }
    return (await fs.promises.stat(this.path)).size;
  }

  /** Stops writing and removes temporary files (after an error). */
  async abort(): Promise<void> {
    this.stream?.destroy();
    if (this.tempDir) await (await importNode<typeof import('node:fs')>('node:fs')).promises.rm(this.tempDir, { recursive: true, force: true });
  }

  private push(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= FLUSH_CHARS ? this.flush() : undefined;
  }

  private flush(): Promise<void> {
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    const stream = this.stream!;
    if (stream.write(text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      stream.once('error', onError);
      stream.once('drain', () => {
        stream.off('error', onError);
        resolve();
      });
    });
  }

  private async toParquet(): Promise<void> {
    // Instants travel as epoch-ms integers in the CSV and become Parquet TIMESTAMPs here.
    const types = this.columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.sql === 'TIMESTAMP' ? 'BIGINT' : c.sql)}`).join(', ');
    const select = this.columns
      .map((c) => (c.sql === 'TIMESTAMP' ? `epoch_ms("${c.name}") AS "${c.name}"` : `"${c.name}"`))
      .join(', ');
    // Bounded memory, spilling next to the temporary CSV if DuckDB needs more.
    const handle = await openDuckDB(':memory:', { ...BOUNDED_DUCKDB, temp_directory: this.tempDir! });
    try {
      await handle.connection.run(
        `COPY (SELECT ${select} FROM read_csv(${sqlString(this.textPath)}, header = true, auto_detect = false, quote = '"', escape = '"', allow_quoted_nulls = false, columns = {${types}}))
         TO ${sqlString(this.path)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    } finally {
      handle.close();
    }
  }
}
