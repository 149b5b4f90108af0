import { ConfigError, ValidationError, type Issue } from '../errors.js';
import { createDailyActivityBuilder, type DailyActivityTable } from './daily-activity-table.js';
import { expandPaths, readLines, splitCsvLine, type NamedTextSource, type TextSource } from './read-lines.js';

/**
 * Which columns of a wide count table hold what. Every field has a default that matches the
 * KDD Cup 2015 daily files (`enrollment_id,time,event_access,...`).
 */
export interface DailyActivityColumns {
  /** The entity column (an enrolment, a subscriber). Default `'enrollment_id'`. */
  readonly entity?: string;
  /** The day column: `YYYY-MM-DD` (or any ISO instant, floored to its UTC day) or an integer day number. Default `'time'`. */
  readonly time?: string;
  /**
   * The count columns: a list of column names; `{ prefix }` for every column starting with it;
   * a record from column name to feature name (renames them); or `'auto'` (default) for every
   * column that is not the entity, time or group column.
   */
  readonly counts?: readonly string[] | CountPrefix | Readonly<Record<string, string>> | 'auto';
  /** What groups entities (a course): `'file'` (default, the file's base name), a column name, or `'none'`. */
  readonly group?: string;
}

/** Selects every count column whose name starts with a prefix. */
export interface CountPrefix {
  /** The prefix, e.g. `'event_'`. */
  readonly prefix: string;
}

/** Row counts of a read: `accepted + rejected = read`. */
export interface DailyActivityStats {
  /** Data rows read (header and blank lines excluded). */
  readonly read: number;
  /** Rows kept. */
  readonly accepted: number;
  /** Rows rejected (lenient mode) or found bad (strict mode, which then throws). */
  readonly rejected: number;
}

/** Options of {@link readDailyActivity}: the column mapping plus how to read. */
export interface ReadDailyActivityOptions extends DailyActivityColumns {
  /** `'strict'` (default) throws a {@link ValidationError} listing bad rows; `'lenient'` skips and reports them. */
  readonly mode?: 'strict' | 'lenient';
  /** File-name pattern used when a directory is passed. Default `'*.csv'`. */
  readonly include?: string;
}

/** A row that could not be read, with where and why. */
export interface DailyActivityReject {
  /** The source name (file base name or the given name). */
  readonly source: string;
  /** 1-based line number in that source (the header is line 1). */
  readonly line: number;
  /** Why the row was rejected. */
  readonly issue: Issue;
}

/** What {@link readDailyActivity} resolves to. */
export interface DailyActivityResult {
  /** The accepted rows, grouped per entity and sorted by day. */
  readonly table: DailyActivityTable;
  /** Rows skipped in lenient mode (empty in strict mode). */
  readonly rejects: readonly DailyActivityReject[];
  /** Counts of data rows: `accepted + rejected = read`. */
  readonly stats: DailyActivityStats;
}

const DEFAULTS: Required<ReadDailyActivityOptions> = { entity: 'enrollment_id', time: 'time', counts: 'auto', group: 'file', mode: 'strict', include: '*.csv' };
const MAX_ISSUES = 1000;
const MS_PER_DAY = 86_400_000;

/**
 * Reads per-entity daily activity tables ("wide count tables": one row per entity per day, one
 * count column per event type) from CSV files, a directory, a file pattern such as
 * `data/trainCourse*.csv`, or named streams. Files are read line by line; all sources must map
 * to the same count columns. Rows of the same entity and day are added together.
 *
 * @example
 * const { table } = await readDailyActivity('data/kdd', { include: 'trainCourse*.csv', counts: { prefix: 'event_' } });
 */
export async function readDailyActivity(
  sources: string | readonly string[] | readonly NamedTextSource[] | NamedTextSource,
  options: ReadDailyActivityOptions = {},
): Promise<DailyActivityResult> {
  const o = { ...DEFAULTS, ...options };
  if (o.mode !== 'strict' && o.mode !== 'lenient') throw new ConfigError('mode', o.mode, "'strict' or 'lenient'");
  const named = await toNamedSources(sources, o.include);
  if (named.length === 0) throw new ConfigError('sources', sources, 'at least one file (check the path and the include pattern)');
  const issues: DailyActivityReject[] = [];
  let builder: ReturnType<typeof createDailyActivityBuilder> | undefined;
  let countNames: string[] | undefined;
  let read = 0;
  let rejected = 0;
  for (const { name, source } of named) {
    let lineNo = 0;
    let layout: Layout | undefined;
    for await (const line of readLines(source)) {
      lineNo++;
      if (layout === undefined) {
        layout = resolveLayout(splitCsvLine(line.replace(/^\uFEFF/, '')), o, name);
        if (countNames === undefined) {
          countNames = layout.countNames;
          builder = createDailyActivityBuilder(countNames);
        } else if (layout.countNames.join(',') !== countNames.join(',')) {
          throw new ValidationError(
            [{ code: 'column_mismatch', path: [name, 'header'], message: `count columns [${layout.countNames}] differ from [${countNames}] in the first source; map the same columns in every file` }],
            name,
          );
        }
        continue;
      }
      if (line.length === 0) continue;
      read++;
      const issue = parseRow(splitCsvLine(line), layout, name, builder!);
      if (issue) {
        rejected++;
        if (issues.length < MAX_ISSUES) issues.push({ source: name, line: lineNo, issue: { ...issue, path: [name, lineNo, ...issue.path] } });
      }
    }
    if (layout === undefined) throw new ValidationError([{ code: 'empty_source', path: [name], message: 'the source has no header line; expected a CSV header' }], name);
  }
  if (o.mode === 'strict' && rejected > 0) throw new ValidationError(issues.map((r) => r.issue), 'daily activity table');
  return { table: builder!.build(), rejects: o.mode === 'lenient' ? issues : [], stats: { read, accepted: read - rejected, rejected } };
}

interface Layout {
  readonly width: number;
  readonly entity: number;
  readonly time: number;
  readonly group: number | 'file' | 'none';
  readonly countColumns: number[];
  readonly countNames: string[];
  readonly values: Float64Array;
}

function resolveLayout(header: string[], o: Required<ReadDailyActivityOptions>, name: string): Layout {
  const col = (wanted: string, option: string): number => {
    const i = header.indexOf(wanted);
    if (i < 0) {
      throw new ValidationError(
        [{ code: 'missing_column', path: [name, 'header'], message: `no column ${JSON.stringify(wanted)} (option ${option}); the header has [${header.join(', ')}]. Map the right column, or narrow the files with the include option` }],
        name,
      );
    }
    return i;
  };
  const entity = col(o.entity, 'entity');
  const time = col(o.time, 'time');
  const group = o.group === 'file' || o.group === 'none' ? o.group : col(o.group, 'group');
  const used = new Set([entity, time, typeof group === 'number' ? group : -1]);
  let countColumns: number[];
  let countNames: string[];
  const counts = o.counts;
  if (counts === 'auto') {
    countColumns = header.map((_, i) => i).filter((i) => !used.has(i));
    countNames = countColumns.map((i) => header[i]);
  } else if (Array.isArray(counts)) {
    countColumns = (counts as readonly string[]).map((c) => col(c, 'counts'));
    countNames = [...(counts as readonly string[])];
  } else if (typeof (counts as { prefix?: unknown }).prefix === 'string') {
    const prefix = (counts as { prefix: string }).prefix;
    countColumns = header.map((_, i) => i).filter((i) => !used.has(i) && header[i].startsWith(prefix));
    countNames = countColumns.map((i) => header[i]);
  } else {
    const entries = Object.entries(counts as Record<string, string>);
    countColumns = entries.map(([c]) => col(c, 'counts'));
    countNames = entries.map(([, n]) => n);
  }
  if (countColumns.length === 0) {
    throw new ValidationError([{ code: 'no_count_columns', path: [name, 'header'], message: `the counts option matched no column of [${header.join(', ')}]` }], name);
  }
  return { width: header.length, entity, time, group, countColumns, countNames, values: new Float64Array(countColumns.length) };
}

function parseRow(fields: string[], layout: Layout, name: string, builder: ReturnType<typeof createDailyActivityBuilder>): Omit<Issue, 'path'> & { path: (string | number)[] } | undefined {
  if (fields.length !== layout.width) {
    return { code: 'field_count', path: [], message: `expected ${layout.width} fields, got ${fields.length}` };
  }
  const entity = fields[layout.entity];
  if (entity === '') return { code: 'missing_entity', path: ['entity'], message: 'the entity column is empty' };
  const day = parseDay(fields[layout.time]);
  if (day === undefined) {
    return { code: 'invalid_time', path: ['time'], message: `got ${JSON.stringify(fields[layout.time])}, expected a date (YYYY-MM-DD), an ISO instant or an integer day` };
  }
  for (let c = 0; c < layout.countColumns.length; c++) {
    const raw = fields[layout.countColumns[c]];
    const v = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(v) || v < 0) {
      return { code: 'invalid_count', path: [layout.countNames[c]], message: `got ${JSON.stringify(raw)}, expected a non-negative number` };
    }
    layout.values[c] = v;
  }
  const group = layout.group === 'file' ? baseName(name) : layout.group === 'none' ? '' : fields[layout.group];
  builder.add(entity, group, day, layout.values);
  return undefined;
}

/** Parses a day: `YYYY-MM-DD` or an ISO instant gives whole UTC days since 1970-01-01; an integer is taken as is. */
export function parseDay(raw: string): number | undefined {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : Date.parse(raw);
  return Number.isFinite(ms) ? Math.floor(ms / MS_PER_DAY) : undefined;
}

function baseName(name: string): string {
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  const base = name.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

async function toNamedSources(
  sources: string | readonly string[] | readonly NamedTextSource[] | NamedTextSource,
  include: string,
): Promise<NamedTextSource[]> {
  if (typeof sources === 'string') return (await expandPaths(sources, include)).map((p) => ({ name: p, source: p }));
  if (!Array.isArray(sources)) return [sources as NamedTextSource];
  if (sources.every((s) => typeof s === 'string')) return (await expandPaths(sources as string[], include)).map((p) => ({ name: p, source: p }));
  return (sources as (string | NamedTextSource)[]).map((s) => (typeof s === 'string' ? { name: s, source: s as TextSource } : s));
}
