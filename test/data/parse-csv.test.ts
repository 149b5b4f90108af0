import { describe, expect, it } from 'vitest';
import { CsvLineParser } from '../../src/data/read/parse-csv.js';
import { csvCell } from '../../src/data/write/format-row.js';

/** Parses a whole CSV text line by line, as the reader does. */
function parse(text: string): { fields?: string[]; line: number; error?: string }[] {
  const parser = new CsvLineParser();
  const out: { fields?: string[]; line: number; error?: string }[] = [];
  text.split('\n').forEach((line, i) => {
    if (!parser.pending && line === '') return;
    const record = parser.push(line, i + 1);
    if (record) out.push(record.error ? { line: record.line, error: record.error } : { fields: record.fields, line: record.line });
  });
  const tail = parser.end();
  if (tail) out.push({ line: tail.line, error: tail.error });
  return out;
}

describe('CsvLineParser (RFC 4180)', () => {
  it('splits plain fields, keeps empty ones and strips CRLF', () => {
    expect(parse('a,b,c\r\n1,,3\r\n,,\n')).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '', '3'], line: 2 },
      { fields: ['', '', ''], line: 3 },
    ]);
  });

  it('reads quoted commas, doubled quotes and embedded newlines, reporting the starting line', () => {
    expect(parse('x,"a, b","say ""hi""",y\n"line one\nline two\n",z\n"",""\n')).toEqual([
      { fields: ['x', 'a, b', 'say "hi"', 'y'], line: 1 },
      { fields: ['line one\nline two\n', 'z'], line: 2 },
      { fields: ['', ''], line: 5 },
    ]);
  });

  it('reports each kind of malformed quoting with its line and recovers at the next line', () => {
    const records = parse('ok,1\nbad"quote,2\n"closed"junk,3\nok,4\n"never closed,5\nok,6\n');
    expect(records.map((r) => [r.line, r.fields ?? 'error'])).toEqual([
      [1, ['ok', '1']],
      [2, 'error'],
      [3, 'error'],
      [4, ['ok', '4']],
      [5, 'error'],
    ]);
    expect(records[1].error).toContain('column 4');
    expect(records[2].error).toContain('"j"');
    expect(records[4].error).toContain('opened at line 5 is never closed');
  });

  it('reads back every cell csvCell writes, whatever it contains', () => {
    const nasty = ['plain', '', ' lead', 'trail ', 'a,b', 'q"uote', '""', 'multi\nline', '中文，逗号', 'emoji 👍', '\r'];
    const line = nasty.map(csvCell).join(',');
    const records = parse(`${line}\n`);
    expect(records).toHaveLength(1);
    expect(records[0].fields).toEqual(nasty);
  });
});
