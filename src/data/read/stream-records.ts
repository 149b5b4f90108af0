import type { z } from 'zod';
import { ConfigError, ValidationError, type Issue } from '../../errors.js';
import { coerceCsvValues, makeRecordMapper, needsMapping } from './map-record.js';
import { openRecords } from './open-records.js';
import type { RawRecord } from './raw-record.js';
import { describeIssue, makeReject } from './to-reject.js';
import type { ReadBatch, ReadOptions, ReadSource, ReadStats, Reject, RejectCode } from './types.js';

/** What one kind of record (events, users, courses) adds to the shared reading loop. @internal */
export interface RecordSpec<T> {
  /** `'events'`, `'users'` or `'courses'`: the first element of error paths. */
  readonly kind: string;
  /** The zod schema: the single source of truth. */
  readonly schema: z.ZodType<T>;
  /** An optional fast path that returns exactly what the schema would, or undefined to defer to it. */
  readonly fast?: (raw: unknown) => T | undefined;
  /** Checks against context (known users, now, ...): a problem, or undefined. */
  readonly check?: (value: T) => { code: RejectCode; field: string; reason: string } | undefined;
  /** Identity for de-duplication: equal keys mean the same record. */
  readonly key: (value: T) => string;
  /** The instant used to count unsorted input, if any. */
  readonly time?: (value: T) => number;
  /** How many recent keys to remember for de-duplication. */
  readonly dedupeWindow: number;
  /** The log's type names to ours, for events. */
  readonly eventTypes?: Readonly<Record<string, string>>;
}

const DEFAULTS = { mode: 'strict', batchSize: 8192, keepRaw: true } as const;

/**
 * The reading loop every reader shares: open, parse, map, validate, check, de-duplicate, count, batch.
 * Each record costs no async work; awaiting happens once per source chunk. @internal
 */
export async function* streamRecords<T>(source: ReadSource, options: ReadOptions, spec: RecordSpec<T>): AsyncGenerator<ReadBatch<T>> {
  const mode = options.mode ?? DEFAULTS.mode;
  if (mode !== 'strict' && mode !== 'lenient') throw new ConfigError('mode', mode, "'strict' or 'lenient'");
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError('batchSize', batchSize, 'a positive integer');
  const keepRaw = options.keepRaw ?? DEFAULTS.keepRaw;
  const opened = openRecords(source, options.format, batchSize);
  const name = options.name ?? opened.name;
  const mapping = needsMapping(options.columns, spec.eventTypes);
  const mapper = makeRecordMapper(options.columns, spec.eventTypes);
  const { fast, schema, check, key, time } = spec;
  const seen = new Set<string>();
  // Keys in arrival order, to forget the oldest in O(1): taking a Set's first entry after many deletions
  // walks V8's tombstones and made reading quadratic.
  const windowSize = spec.dedupeWindow;
  const ring: string[] | undefined = Number.isFinite(windowSize) ? new Array(windowSize) : undefined;
  let ringAt = 0;
  const stats: ReadStats = { read: 0, accepted: 0, rejected: 0, duplicates: 0, unsorted: 0 };
  let previousTime = -Infinity;
  let values: T[] = [];
  let rejects: Reject[] = [];

  const reject = (rec: RawRecord, code: RejectCode, field: string, reason: string, issues?: Issue[]): void => {
    const place = { source: name, row: rec.row, line: rec.line, raw: rec.raw };
    if (mode === 'strict' && code !== 'duplicate') {
      const where = rec.line === undefined ? `row ${rec.row}` : `line ${rec.line}`;
      const path = [spec.kind, rec.row];
      const list = issues ?? [{ code, path: field ? [...path, ...field.split('.')] : path, message: reason }];
      throw new ValidationError(list.map((issue) => ({ ...issue, message: `${name} ${where}: ${issue.message}` })), name);
    }
    stats.rejected++;
    rejects.push(makeReject(place, code, field, reason, keepRaw));
  };

  try {
    for await (const chunk of opened.chunks) {
      const { csv } = chunk;
      for (const rec of chunk.records) {
        stats.read++;
        if (rec.error) {
          reject(rec, rec.error.code, '', rec.error.reason);
        } else {
          let value = !mapping && !csv && fast ? fast(rec.value) : undefined;
          if (value === undefined) {
            const mapped = mapper(rec.value);
            if (csv && mapped !== null && typeof mapped === 'object') coerceCsvValues(mapped as Record<string, unknown>);
            value = fast?.(mapped);
            if (value === undefined) {
              const result = schema.safeParse(mapped);
              if (result.success) {
                value = result.data;
              } else {
                const first = describeIssue(result.error.issues[0], mapped);
                const issues = result.error.issues.map((i) => {
                  const d = describeIssue(i, mapped);
                  return { code: d.code, path: [spec.kind, rec.row, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: `${d.field || '(record)'}: ${d.reason}` };
                });
                reject(rec, first.code, first.field, first.reason, issues);
              }
            }
          }
          if (value !== undefined) accept(rec, value);
        }
        if (values.length + rejects.length >= batchSize) yield flush();
      }
    }
    if (values.length + rejects.length > 0 || stats.read === 0) yield flush();
  } finally {
    await opened.chunks.return(undefined);
  }

  function accept(rec: RawRecord, value: T): void {
    const problem = check?.(value);
    if (problem) return reject(rec, problem.code, problem.field, problem.reason);
    const k = key(value);
    if (seen.has(k)) {
      stats.duplicates++;
      return reject(rec, 'duplicate', '', `an exact duplicate of a record read earlier; it is counted once`);
    }
    if (ring) {
      if (windowSize === 0) {
        // Nothing remembered: de-duplication is off.
      } else {
        const old = ring[ringAt];
        if (old !== undefined) seen.delete(old);
        ring[ringAt] = k;
        ringAt = (ringAt + 1) % windowSize;
        seen.add(k);
      }
    } else {
      seen.add(k);
    }
    stats.accepted++;
    if (time) {
      const t = time(value);
      if (t < previousTime) stats.unsorted++;
      previousTime = t;
    }
    values.push(value);
  }

  function flush(): ReadBatch<T> {
    const batch = { events: values, rejects, stats: { ...stats } };
    values = [];
    rejects = [];
    options.onProgress?.(batch.stats);
    return batch;
  }
}
