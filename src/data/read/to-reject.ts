import type { z } from 'zod';
import { describe } from '../../errors.js';
import type { Reject, RejectCode } from './types.js';

/** Where a record sits in its source. @internal */
export interface RecordPlace {
  readonly source: string;
  readonly row: number;
  readonly line?: number;
  readonly raw?: unknown;
}

const EVENT_TYPES = 'subscribe, renew, cancel, view, purchase, comment, refund';

/** Builds a reject record. @internal */
export function makeReject(place: RecordPlace, code: RejectCode, field: string, reason: string, keepRaw: boolean): Reject {
  const reject: { -readonly [K in keyof Reject]: Reject[K] } = { source: place.source, row: place.row, field, reason, code };
  if (place.line !== undefined) reject.line = place.line;
  if (keepRaw && place.raw !== undefined) {
    reject.raw = typeof place.raw === 'string' && place.raw.length > 1000 ? `${place.raw.slice(0, 1000)}…` : place.raw;
  }
  return reject;
}

/** Turns the first zod issue of a failed parse into a reject's code, field and reason. @internal */
export function describeIssue(issue: z.core.$ZodIssue, record: unknown): { code: RejectCode; field: string; reason: string } {
  const field = issue.path.map(String).join('.');
  const value = field && record && typeof record === 'object' ? lookup(record, issue.path) : record;
  if (field === 'type' && issue.code === 'invalid_union') {
    return value === undefined
      ? { code: 'missing', field, reason: `missing required field "type" (one of ${EVENT_TYPES}); add it, or map your column name with the columns option` }
      : {
          code: 'unknown_type',
          field,
          reason: `unknown event type ${describe(value)}; expected one of ${EVENT_TYPES}. Map your names with the eventTypes option, e.g. { play: 'view' }`,
        };
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) {
    return { code: 'not_an_object', field: '', reason: `expected an object with named fields, got ${describe(record)}` };
  }
  if (value === undefined) {
    return { code: 'missing', field, reason: `missing required field "${field}"; add it, or map your column name with the columns option` };
  }
  const got = `got ${describe(value)}`;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { code: 'not_finite', field, reason: `${got}, expected a finite number` };
  }
  switch (issue.code) {
    case 'too_big':
    case 'too_small':
      return { code: 'out_of_range', field, reason: `${got}: ${issue.message}` };
    case 'invalid_type':
      return { code: 'invalid_type', field, reason: `${got}: ${issue.message}` };
    default:
      return { code: 'invalid_value', field, reason: `${got}: ${issue.message}` };
  }
}

function lookup(record: object, path: readonly PropertyKey[]): unknown {
  let value: unknown = record;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
