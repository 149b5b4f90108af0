import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { ValidationError } from '../../src/errors.js';
import { readDailyActivity as direct, parseDay } from '../../src/adapters/index.js';

const DIR = fileURLToPath(new URL('../fixtures/kdd-mini/', import.meta.url));
const HEADER = 'enrollment_id,time,event_access,event_video';

function named(name: string, text: string) {
  return { name, source: Readable.from([text]) };
}

describe('readDailyActivity', () => {
  it('reads a directory of course files, grouping entities by file', async () => {
    const { table, stats } = await direct(DIR, { include: 'course*.csv', counts: { prefix: 'event_' } });
    expect(stats).toEqual({ read: (36 + 28) * 30, accepted: (36 + 28) * 30, rejected: 0 });
    expect(table.entityIds.length).toBe(64);
    expect(new Set(table.groups)).toEqual(new Set(['courseAlpha', 'courseBeta']));
    expect(table.countNames).toEqual(['event_access', 'event_discussion', 'event_navigate', 'event_page_close', 'event_problem', 'event_video', 'event_wiki']);
    expect(table.rowStart[64]).toBe(64 * 30);
    // Rows of an entity are contiguous and sorted by day; 2014-05-01 is day 16191 since the epoch.
    const a = table.entityIds.indexOf('9001');
    expect(table.rowDay[table.rowStart[a]]).toBe(Date.UTC(2014, 4, 1) / 86_400_000);
    expect(table.rowDay[table.rowStart[a + 1] - 1] - table.rowDay[table.rowStart[a]]).toBe(29);
  });

  it('maps and renames columns, sums duplicate days and sorts rows that arrive out of order', async () => {
    const text = `${HEADER},course\ne1,2020-01-02,1,2,c1\ne1,2020-01-01,3,0,c1\ne2,2020-01-01,0,5,c2\ne1,2020-01-02,10,0,c1\n`;
    const { table } = await direct(named('x.csv', text), { counts: { event_video: 'videos', event_access: 'visits' }, group: 'course' });
    expect(table.countNames).toEqual(['videos', 'visits']);
    expect(table.entityIds).toEqual(['e1', 'e2']);
    expect(table.groups).toEqual(['c1', 'c2']);
    expect(Array.from(table.rowDay.subarray(0, 3))).toEqual([18262, 18263, 18263]);
    expect(Array.from(table.counts.subarray(0, 2))).toEqual([0, 3]);
  });

  it('accepts integer day numbers, CRLF line ends and a web ReadableStream', async () => {
    const bytes = new TextEncoder().encode(`${HEADER}\r\ne1,-3,1,0\r\ne1,4,0,2\r\n`);
    const stream = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(bytes.subarray(0, 7)); c.enqueue(bytes.subarray(7)); c.close(); } });
    const { table } = await direct({ name: 's', source: stream });
    expect(Array.from(table.rowDay)).toEqual([-3, 4]);
    expect(Array.from(table.counts)).toEqual([1, 0, 0, 2]);
  });

  it('strict mode lists every bad row with its source, line and field', async () => {
    const text = `${HEADER}\ne1,2020-01-01,1,0\ne2,notadate,1,0\ne3,2020-01-01,-1,0\ne4,2020-01-01,1\n`;
    const err = await direct(named('bad.csv', text)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const issues = (err as ValidationError).issues;
    expect(issues.map((i) => i.code)).toEqual(['invalid_time', 'invalid_count', 'field_count']);
    expect(issues[0].path).toEqual(['bad.csv', 3, 'time']);
    expect(issues[1].path).toEqual(['bad.csv', 4, 'event_access']);
  });

  it('lenient mode skips bad rows and counts them: accepted + rejected = read', async () => {
    const text = `${HEADER}\ne1,2020-01-01,1,0\ne2,notadate,1,0\n\ne3,2020-01-01,x,0\n`;
    const { table, stats, rejects } = await direct(named('bad.csv', text), { mode: 'lenient' });
    expect(stats).toEqual({ read: 3, accepted: 1, rejected: 2 });
    expect(rejects.map((r) => r.line)).toEqual([3, 5]);
    expect(table.entityIds).toEqual(['e1']);
  });

  it('names the missing column and suggests the fix when the header does not match', async () => {
    const err = await direct(DIR, { counts: { prefix: 'event_' } }).catch((e: unknown) => e);
    // The directory also holds truth.csv, which has no time column.
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/no column "time".*include option/);
  });

  it('parseDay reads dates, instants and day numbers', () => {
    expect(parseDay('1970-01-02')).toBe(1);
    expect(parseDay('1970-01-02T23:59:59Z')).toBe(1);
    expect(parseDay('-12')).toBe(-12);
    expect(parseDay('soon')).toBeUndefined();
  });
});
