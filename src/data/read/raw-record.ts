import type { RejectCode } from './types.js';

/** One record as read, before mapping and validation. @internal */
export interface RawRecord {
  /** The parsed value (undefined when `error` is set). */
  readonly value: unknown;
  /** 0-based record index. */
  readonly row: number;
  /** 1-based line where the record starts, for text sources. */
  readonly line?: number;
  /** What to show in a reject: the line's text or the object. */
  readonly raw: unknown;
  /** Set when the record could not even be parsed. */
  readonly error?: { readonly code: RejectCode; readonly reason: string };
}

/** A run of records from one source chunk. `csv` records hold text cells that still need type coercion. @internal */
export interface RecordChunk {
  readonly records: RawRecord[];
  readonly csv: boolean;
}
