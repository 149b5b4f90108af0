/**
 * The in-memory form of a "wide count table": per entity (an enrolment, a subscriber), the days
 * it has rows for and, per day, one count per event type. Flat typed arrays, rows of an entity
 * contiguous and sorted by day.
 * @module
 */

/** Per-entity daily event counts, as read by {@link readDailyActivity}. Readonly. */
export interface DailyActivityTable {
  /** The entities, in first-seen order. */
  readonly entityIds: readonly string[];
  /** The group of each entity (the file it came from, or the `group` column), same order. */
  readonly groups: readonly string[];
  /** One name per count column, in column order of {@link DailyActivityTable.counts}. */
  readonly countNames: readonly string[];
  /** `[entities + 1]`: entity `e`'s rows are `rowStart[e]` to `rowStart[e + 1] - 1`. */
  readonly rowStart: Int32Array;
  /** `[rows]`: the UTC day of each row, as whole days since 1970-01-01 (or the file's own day number). */
  readonly rowDay: Int32Array;
  /** `[rows, countNames.length]`, row-major: the counts of each row. */
  readonly counts: Float32Array;
}

/** Counts kept while reading, before rows are grouped per entity. */
export interface DailyActivityBuilder {
  add(entity: string, group: string, day: number, values: ArrayLike<number>): void;
  build(): DailyActivityTable;
}

/** Starts a table with the given count columns; rows may arrive in any order. */
export function createDailyActivityBuilder(countNames: readonly string[]): DailyActivityBuilder {
  const width = countNames.length;
  const index = new Map<string, number>();
  const entityIds: string[] = [];
  const groups: string[] = [];
  let entityOf = new Int32Array(1024);
  let days = new Int32Array(1024);
  let values = new Float32Array(1024 * width);
  let rows = 0;
  return {
    add(entity, group, day, counts) {
      let e = index.get(entity);
      if (e === undefined) {
        e = entityIds.length;
        index.set(entity, e);
        entityIds.push(entity);
        groups.push(group);
      }
      if (rows === days.length) {
        entityOf = grow(entityOf, rows * 2);
        days = grow(days, rows * 2);
        values = grow(values, rows * 2 * width);
      }
      entityOf[rows] = e;
      days[rows] = day;
      for (let c = 0; c < width; c++) values[rows * width + c] = counts[c];
      rows++;
    },
    build() {
      return packRows(countNames, entityIds, groups, entityOf.subarray(0, rows), days, values);
    },
  };
}

function grow<T extends Int32Array | Float32Array>(a: T, size: number): T {
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a);
  return out;
}

function packRows(
  countNames: readonly string[],
  entityIds: string[],
  groups: string[],
  entityOf: Int32Array,
  days: Int32Array,
  values: Float32Array,
): DailyActivityTable {
  const width = countNames.length;
  const rows = entityOf.length;
  const order = Array.from({ length: rows }, (_, i) => i);
  order.sort((a, b) => entityOf[a] - entityOf[b] || days[a] - days[b]);
  const rowStart = new Int32Array(entityIds.length + 1);
  for (let i = 0; i < rows; i++) rowStart[entityOf[i] + 1]++;
  for (let e = 0; e < entityIds.length; e++) rowStart[e + 1] += rowStart[e];
  const rowDay = new Int32Array(rows);
  const counts = new Float32Array(rows * width);
  order.forEach((src, dst) => {
    rowDay[dst] = days[src];
    counts.set(values.subarray(src * width, src * width + width), dst * width);
  });
  return { entityIds, groups, countNames, rowStart, rowDay, counts };
}

/**
 * A new table with only the entities for which `keep` is true (e.g. the training courses, or
 * a validation share). Row order within an entity is preserved.
 */
export function selectEntities(
  table: DailyActivityTable,
  keep: (entityId: string, group: string, index: number) => boolean,
): DailyActivityTable {
  const width = table.countNames.length;
  const picked: number[] = [];
  let rows = 0;
  table.entityIds.forEach((id, e) => {
    if (keep(id, table.groups[e], e)) {
      picked.push(e);
      rows += table.rowStart[e + 1] - table.rowStart[e];
    }
  });
  const rowStart = new Int32Array(picked.length + 1);
  const rowDay = new Int32Array(rows);
  const counts = new Float32Array(rows * width);
  let r = 0;
  picked.forEach((e, i) => {
    const a = table.rowStart[e];
    const b = table.rowStart[e + 1];
    rowDay.set(table.rowDay.subarray(a, b), r);
    counts.set(table.counts.subarray(a * width, b * width), r * width);
    r += b - a;
    rowStart[i + 1] = r;
  });
  return {
    entityIds: picked.map((e) => table.entityIds[e]),
    groups: picked.map((e) => table.groups[e]),
    countNames: table.countNames,
    rowStart,
    rowDay,
    counts,
  };
}

/** Concatenates tables with the same count columns; an entity may appear in only one of them. */
export function concatTables(tables: readonly DailyActivityTable[]): DailyActivityTable {
  if (tables.length === 0) throw new RangeError('concatTables needs at least one table.');
  const names = tables[0].countNames;
  const builder = createDailyActivityBuilder(names);
  const width = names.length;
  for (const t of tables) {
    if (t.countNames.join('\u0000') !== names.join('\u0000')) {
      throw new RangeError(`concatTables: count columns differ: [${t.countNames}] vs [${names}].`);
    }
    t.entityIds.forEach((id, e) => {
      for (let r = t.rowStart[e]; r < t.rowStart[e + 1]; r++) {
        builder.add(id, t.groups[e], t.rowDay[r], t.counts.subarray(r * width, r * width + width));
      }
    });
  }
  return builder.build();
}
