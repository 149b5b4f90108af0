import type { ColumnMap } from './types.js';

/** Turns a raw record into one with churnkit's field names. @internal */
export type RecordMapper = (raw: unknown) => unknown;

// Fields whose CSV text is a number, a boolean or an instant; every other field stays a string.
const NUMBER_FIELDS = new Set(['watchSeconds', 'progress', 'price', 'amount', 'rating', 'age', 'durationSeconds']);
const BOOLEAN_FIELDS = new Set(['autoRenew']);
const INSTANT_FIELDS = new Set(['timestamp', 'expiresAt', 'signupAt']);
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Builds the mapper for one read: renames columns (`columns` maps our name to theirs), renames event types, and
 * drops `null` values (SQL NULL and JSON null mean "absent"). Keys are copied into a null-prototype object and a
 * `__proto__` key is never assigned, so a hostile record cannot reach `Object.prototype`. @internal
 */
export function makeRecordMapper(columns: ColumnMap | undefined, eventTypes: Readonly<Record<string, string>> | undefined): RecordMapper {
  const rename = new Map<string, string>();
  const shadowed = new Set<string>();
  for (const ours of Object.keys(columns ?? {})) {
    const theirs = columns![ours];
    if (theirs === ours) continue;
    rename.set(theirs, ours);
    // Their column named like one of ours that was mapped elsewhere must not overwrite the mapped value.
    shadowed.add(ours);
  }
  const types = new Map(Object.entries(eventTypes ?? {}));
  return (raw) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(raw)) {
      const value = (raw as Record<string, unknown>)[key];
      if (value === null || value === undefined) continue;
      const name = rename.get(key) ?? (shadowed.has(key) ? undefined : key);
      if (name === undefined || name === '__proto__') continue;
      out[name] = value;
    }
    if (types.size > 0 && typeof out.type === 'string') out.type = types.get(out.type) ?? out.type;
    return out;
  };
}

/** Whether a record needs no mapping at all, so the fast path can skip the copy. @internal */
export function needsMapping(columns: ColumnMap | undefined, eventTypes: Readonly<Record<string, string>> | undefined): boolean {
  return Object.keys(columns ?? {}).length > 0 || Object.keys(eventTypes ?? {}).length > 0;
}

/**
 * Converts CSV text to the types our schema expects, by field name (after renaming): numbers, booleans and
 * epoch-millisecond instants. Text that does not parse stays text so the schema rejects it with its value;
 * the literal `NaN` becomes NaN so the schema names it. Empty cells are absent (but `text` may be empty). @internal
 */
export function coerceCsvValues(record: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(record)) {
    const text = record[key];
    if (typeof text !== 'string') continue;
    const trimmed = text.trim();
    if (trimmed === '') {
      // An empty cell is an absent value, except a comment's text, which may be empty.
      if (key !== 'text') delete record[key];
    } else if (NUMBER_FIELDS.has(key)) {
      if (NUMERIC.test(trimmed)) record[key] = Number(trimmed);
      else if (trimmed === 'NaN') record[key] = Number.NaN;
    } else if (BOOLEAN_FIELDS.has(key)) {
      const lower = trimmed.toLowerCase();
      if (lower === 'true' || lower === '1') record[key] = true;
      else if (lower === 'false' || lower === '0') record[key] = false;
    } else if (INSTANT_FIELDS.has(key) && NUMERIC.test(trimmed)) {
      record[key] = Number(trimmed);
    }
  }
  return record;
}
