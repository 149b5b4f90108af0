import type { DuckDBConnection } from '@duckdb/node-api';
import { ValidationError, type Issue } from '../../errors.js';
import { allocateTables, indexCourses, selectUsers } from '../tables/select-users.js';
import type { TableOptions } from '../tables/build-tables.js';
import { DAY_MS, MEMBERSHIP_RANK, PLAN_CODES, type EventTables } from '../tables/types.js';
import type { DuckDBSource } from './source.js';

/** A number as an exact DOUBLE literal (a bare decimal literal would be DECIMAL in DuckDB). */
const dbl = (x: number) => `('${String(x)}'::DOUBLE)`;
const str = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Builds the same EventTables as the in-memory path, with the aggregations in SQL: per
 * (user, bucket) sums and counts, per-user windows, the latest membership event, watch time
 * per (user, course) and the window's comments (scored later, in JS, by the step's scorer).
 * @internal
 */
export async function queryTables(source: DuckDBSource, options: TableOptions): Promise<EventTables> {
  const { cutoff, bucketMs, timeSteps: T } = options;
  const selection = selectUsers(source.users, cutoff, options.userIds);
  const courses = indexCourses(source.courses);
  const t = allocateTables(selection, cutoff, bucketMs, T, courses.categoryNames);
  const conn = source.connection;
  const { rowOf } = selection;
  const start = t.windowStart;
  const tsExpr = await timeExpression(conn, source.table);
  const known = source.courses.length > 0 ? source.courses.map((c) => `(${str(c.courseId)})`).join(',') : `(NULL)`;
  const base = `
    WITH known(courseId) AS (VALUES ${known}),
    e AS (
      SELECT ev.type, ev.userId, ${tsExpr('ev.timestamp')} AS ts, ev.courseId, known.courseId AS knownCourse,
        CAST(ev.watchSeconds AS DOUBLE) AS watch, CAST(ev.progress AS DOUBLE) AS progress,
        CAST(ev.amount AS DOUBLE) AS amount, CAST(ev.price AS DOUBLE) AS price, ${tsExpr('ev.expiresAt')} AS exp,
        ev.plan, ev.autoRenew, ev.text
      FROM ${source.table} ev LEFT JOIN known ON ev.courseId = known.courseId
      WHERE ${tsExpr('ev.timestamp')} <= ${dbl(cutoff)}
    )`;
  await validateTimestamps(conn, source.table, tsExpr);
  await validate(conn, base);
  const spend = `CASE type WHEN 'purchase' THEN amount WHEN 'subscribe' THEN price WHEN 'renew' THEN price WHEN 'refund' THEN -amount ELSE 0 END`;
  const membership = `type IN ('subscribe', 'renew', 'cancel')`;

  const cells = await read(conn, `${base}
    SELECT userId, CAST(ceil((ts - ${dbl(start)}) / ${dbl(bucketMs)}) - 1 AS INTEGER) AS k,
      CAST(count(*) FILTER (WHERE type = 'view') AS DOUBLE), CAST(coalesce(sum(watch) FILTER (WHERE type = 'view'), 0) AS DOUBLE),
      CAST(coalesce(sum(progress) FILTER (WHERE type = 'view'), 0) AS DOUBLE),
      CAST(count(DISTINCT coalesce(knownCourse, '')) FILTER (WHERE type = 'view') AS DOUBLE),
      CAST(count(*) FILTER (WHERE type = 'purchase') AS DOUBLE), CAST(sum(${spend}) AS DOUBLE),
      CAST(count(*) FILTER (WHERE type = 'comment') AS DOUBLE), CAST(count(*) FILTER (WHERE type = 'cancel') AS DOUBLE),
      CAST(coalesce(max(exp) FILTER (WHERE ${membership}), '-Infinity'::DOUBLE) AS DOUBLE)
    FROM e WHERE ts > ${dbl(start)} GROUP BY ALL`);
  const cellTargets = [t.views, t.watchSeconds, t.progressSum, t.distinctCourses, t.purchases, t.spend, t.comments, t.cancellations, t.bucketExpiry];
  for (let i = 0; i < cells[0].length; i++) {
    const row = rowOf.get(cells[0][i] as string);
    if (row === undefined) continue;
    const cell = row * T + (cells[1][i] as number);
    cellTargets.forEach((target, c) => { target[cell] = cells[c + 2][i] as number; });
  }

  const w = (lo: number, hi: number, what: string) => `CAST(coalesce(sum(${what}) FILTER (WHERE type = 'view' AND ts > ${dbl(cutoff - hi * DAY_MS)} AND ts <= ${dbl(cutoff - lo * DAY_MS)}), 0) AS DOUBLE)`;
  const users = await read(conn, `${base}
    SELECT userId, min(ts), max(ts), max(ts) FILTER (WHERE type IN ('purchase', 'subscribe', 'renew')),
      CAST(sum(${spend}) AS DOUBLE), CAST(count(*) FILTER (WHERE type = 'purchase') AS DOUBLE),
      CAST(coalesce(sum(amount) FILTER (WHERE type = 'purchase'), 0) AS DOUBLE),
      CAST(count(*) FILTER (WHERE ts > ${dbl(cutoff - 30 * DAY_MS)}) AS DOUBLE),
      ${w(0, 7, 'watch')}, ${w(7, 14, 'watch')}, ${w(0, 30, 'watch')}, ${w(30, 60, 'watch')},
      ${w(0, 7, '1')}, ${w(7, 14, '1')}, ${w(0, 30, '1')}, ${w(30, 60, '1')},
      CAST(coalesce(max(exp) FILTER (WHERE ${membership} AND ts <= ${dbl(start)}), '-Infinity'::DOUBLE) AS DOUBLE)
    FROM e GROUP BY userId`);
  const userTargets = [
    t.firstEventAt, t.lastEventAt, t.lastPaymentAt, t.spendTotal, t.purchaseCount, t.purchaseAmount, t.events30,
    t.watchLast7, t.watchPrev7, t.watchLast30, t.watchPrev30, t.viewsLast7, t.viewsPrev7, t.viewsLast30, t.viewsPrev30, t.expiryBefore,
  ];
  for (let i = 0; i < users[0].length; i++) {
    const row = rowOf.get(users[0][i] as string);
    if (row === undefined) continue;
    userTargets.forEach((target, c) => {
      const v = users[c + 1][i];
      target[row] = v === null ? NaN : Number(v);
    });
  }

  // The latest membership event, ties broken exactly as the in-memory path does.
  const rank = `CASE type ${Object.entries(MEMBERSHIP_RANK).map(([k, v]) => `WHEN '${k}' THEN ${v}`).join(' ')} END`;
  const planCode = `CASE plan ${PLAN_CODES.map((p, i) => `WHEN '${p}' THEN ${i}`).join(' ')} END`;
  const auto = `CASE WHEN type <> 'cancel' AND autoRenew THEN 1 ELSE 0 END`;
  const last = await read(conn, `${base}
    SELECT userId, ${planCode}, ${auto} FROM e WHERE ${membership}
    QUALIFY row_number() OVER (PARTITION BY userId ORDER BY ts DESC, ${rank} DESC, exp DESC, ${planCode} DESC, ${auto} DESC) = 1`);
  for (let i = 0; i < last[0].length; i++) {
    const row = rowOf.get(last[0][i] as string);
    if (row === undefined) continue;
    t.lastPlan[row] = last[1][i] as number;
    t.lastAutoRenew[row] = last[2][i] as number;
  }

  const watch = await read(conn, `${base}
    SELECT userId, knownCourse, CAST(sum(watch) AS DOUBLE) FROM e WHERE type = 'view' GROUP BY ALL`);
  const C = courses.categoryNames.length;
  const unknown = source.courses.length;
  for (let i = 0; i < watch[0].length; i++) {
    const row = rowOf.get(watch[0][i] as string);
    if (row === undefined) continue;
    const c = watch[1][i] === null ? unknown : (courses.indexOf.get(watch[1][i] as string) ?? unknown);
    const seconds = watch[2][i] as number;
    t.watchByCategory[row * C + courses.category[c]] += seconds;
    t.watchByFormat[row * 5 + courses.format[c]] += seconds;
    t.watchByDifficulty[row * 4 + courses.difficulty[c]] += seconds;
  }

  const comments = await read(conn, `${base}
    SELECT userId, CAST(ceil((ts - ${dbl(start)}) / ${dbl(bucketMs)}) - 1 AS INTEGER), text FROM e
    WHERE type = 'comment' AND ts > ${dbl(start)} ORDER BY userId, ts, text`);
  const commentRow: number[] = [];
  const commentBucket: number[] = [];
  const commentText: string[] = [];
  for (let i = 0; i < comments[0].length; i++) {
    const row = rowOf.get(comments[0][i] as string);
    if (row === undefined) continue;
    commentRow.push(row);
    commentBucket.push(comments[1][i] as number);
    commentText.push((comments[2][i] as string | null) ?? '');
  }
  t.commentRow = Int32Array.from(commentRow);
  t.commentBucket = Int32Array.from(commentBucket);
  t.commentText = commentText;
  return t;
}

/** Runs a query and returns its columns. */
async function read(conn: DuckDBConnection, sql: string): Promise<unknown[][]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getColumns() as unknown[][];
}

/** How to read an instant column as epoch ms DOUBLE: numbers as they are, TIMESTAMPs via epoch_ms. */
async function timeExpression(conn: DuckDBConnection, table: string): Promise<(column: string) => string> {
  const described = await conn.runAndReadAll(`DESCRIBE ${table}`);
  const rows = described.getRowObjects() as { column_name: string; column_type: string }[];
  const typeOf = new Map(rows.map((r) => [r.column_name, String(r.column_type).toUpperCase()]));
  for (const column of ['type', 'userId', 'timestamp']) {
    if (!typeOf.has(column)) {
      throw new ValidationError([{ code: 'missing_column', path: [table, column], message: `the events table has no column ${column}; see fromDuckDB() for the expected columns` }], 'DuckDB');
    }
  }
  return (column: string) => {
    const name = column.split('.').pop() as string;
    return typeOf.get(name)?.startsWith('TIMESTAMP') ? `CAST(epoch_ms(${column}) AS DOUBLE)` : `CAST(${column} AS DOUBLE)`;
  };
}

/**
 * Timestamps are checked on the whole table, before the cutoff filter: `NaN <= cutoff` is false in
 * SQL (and NULL is unknown), so the filter would otherwise drop such rows without a word, where the
 * in-memory path rejects them with a path.
 */
async function validateTimestamps(conn: DuckDBConnection, table: string, tsExpr: (column: string) => string): Promise<void> {
  const [[bad]] = await read(conn, `SELECT CAST(count(*) FILTER (WHERE NOT isfinite(coalesce(${tsExpr('timestamp')}, 'NaN'::DOUBLE))) AS DOUBLE) FROM ${table}`);
  if ((bad as number) > 0) {
    throw new ValidationError([{ code: 'invalid_value', path: ['events', 'timestamp'], message: `${bad} events: expected a finite timestamp (epoch milliseconds or TIMESTAMP), got NULL or NaN` }], 'DuckDB');
  }
}

/** The checks the in-memory path makes per event, as counts per field. */
async function validate(conn: DuckDBConnection, base: string): Promise<void> {
  const checks: [string, string, string][] = [
    ['watchSeconds', `type = 'view' AND NOT (watch >= 0 AND watch < 'Infinity'::DOUBLE)`, 'expected a finite number >= 0'],
    ['progress', `type = 'view' AND NOT (progress >= 0 AND progress <= 1)`, 'expected a number in [0, 1]'],
    ['amount', `type IN ('purchase', 'refund') AND NOT (amount >= 0 AND amount < 'Infinity'::DOUBLE)`, 'expected a finite amount >= 0'],
    ['price', `type IN ('subscribe', 'renew', 'cancel') AND NOT (price >= 0 AND price < 'Infinity'::DOUBLE)`, 'expected a finite price >= 0'],
    ['expiresAt', `type IN ('subscribe', 'renew', 'cancel') AND NOT isfinite(coalesce(exp, 'NaN'::DOUBLE))`, 'expected epoch milliseconds'],
  ];
  const counts = await read(conn, `${base} SELECT ${checks.map(([, where]) => `CAST(count(*) FILTER (WHERE coalesce(${where}, true)) AS DOUBLE)`).join(', ')} FROM e`);
  const issues: Issue[] = [];
  checks.forEach(([field, , message], i) => {
    const bad = counts[i][0] as number;
    if (bad > 0) issues.push({ code: 'invalid_value', path: ['events', field], message: `${bad} events: ${message}` });
  });
  if (issues.length > 0) throw new ValidationError(issues, 'DuckDB');
}
