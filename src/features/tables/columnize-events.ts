import { EventColumns, isEventColumns, type ColumnarPlatformData } from '../../data/columns/event-columns.js';
import type { PlatformData, PlatformEvent } from '../../data/schema.js';
import type { CourseLookup } from './select-users.js';

/** Platform data with events as objects or packed. @internal */
export type AnyPlatformData = PlatformData | ColumnarPlatformData;

// Packing is the one pass over the event objects; caching it per events array lets fit,
// transform and other cutoffs over the same data skip it (PlatformData is immutable by contract).
const cache = new WeakMap<readonly PlatformEvent[], EventColumns>();

/** The packed events of `data`: its own EventColumns, or the cached packing of its array. @internal */
export function eventColumnsOf(data: AnyPlatformData): EventColumns {
  if (isEventColumns(data.events)) return data.events;
  const events = data.events as readonly PlatformEvent[];
  const hit = cache.get(events);
  if (hit && hit.length === events.length) return hit;
  const columns = EventColumns.from(events);
  cache.set(events, columns);
  return columns;
}

/**
 * Course attributes by `courseRef` (0 = no course, r = `columns.courseIds[r - 1]`), so the hot
 * loop indexes integers; a course id missing from `courses` gets the unknown slots.
 * @internal
 */
export interface CourseCodes {
  /** Position in the catalogue; every unknown course shares the last slot, as in the SQL path. */
  readonly slot: Int32Array;
  readonly category: Int32Array;
  readonly format: Int32Array;
  readonly difficulty: Int32Array;
}

/** Maps each course id seen in the events to its catalogue attributes. @internal */
export function courseCodes(columns: EventColumns, courses: CourseLookup): CourseCodes {
  const n = columns.courseIds.length + 1;
  const unknown = courses.category.length - 1;
  const slot = new Int32Array(n);
  const category = new Int32Array(n);
  const format = new Int32Array(n);
  const difficulty = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const position = r === 0 ? unknown : courses.indexOf.get(columns.courseIds[r - 1]) ?? unknown;
    slot[r] = position;
    category[r] = courses.category[position];
    format[r] = courses.format[position];
    difficulty[r] = courses.difficulty[position];
  }
  return { slot, category, format, difficulty };
}
