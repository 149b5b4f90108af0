import { CsvLineParser } from './parse-csv.js';
import type { RawRecord, RecordChunk } from './raw-record.js';
import { splitLines } from './split-lines.js';
import type { TextFormat } from './types.js';

function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === '');
}

function invalidUtf8(line: number): RawRecord['error'] {
  return { code: 'invalid_utf8', reason: `line ${line} is not valid UTF-8; re-encode the file as UTF-8` };
}

/** Reads NDJSON (one JSON object a line) or CSV (with a header line) from byte or text chunks. @internal */
export function readTextRecords(chunks: AsyncIterable<unknown>, format: TextFormat): AsyncGenerator<RecordChunk> {
  return format === 'csv' ? readCsv(chunks) : readNdjson(chunks);
}

async function* readNdjson(chunks: AsyncIterable<unknown>): AsyncGenerator<RecordChunk> {
  let row = 0;
  for await (const block of splitLines(chunks)) {
    const bad = block.invalidUtf8 ? new Set(block.invalidUtf8) : null;
    const records: RawRecord[] = [];
    const { lines, first } = block;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      if (isBlank(text)) continue;
      const line = first + i;
      if (bad?.has(line)) {
        records.push({ value: undefined, row: row++, line, raw: text, error: invalidUtf8(line) });
        continue;
      }
      try {
        records.push({ value: JSON.parse(text), row: row++, line, raw: text });
      } catch (error) {
        records.push({ value: undefined, row: row++, line, raw: text, error: { code: 'malformed_json', reason: `line ${line} is not valid JSON: ${(error as Error).message}` } });
      }
    }
    yield { records, csv: false };
  }
}

async function* readCsv(chunks: AsyncIterable<unknown>): AsyncGenerator<RecordChunk> {
  const parser = new CsvLineParser();
  let header: string[] | undefined;
  let row = 0;
  // Line numbers with invalid UTF-8 inside the record being parsed (a quoted field may span lines).
  let badStart = 0;
  for await (const block of splitLines(chunks)) {
    const bad = block.invalidUtf8 ? new Set(block.invalidUtf8) : null;
    const records: RawRecord[] = [];
    const { lines, first } = block;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      const line = first + i;
      if (!parser.pending && isBlank(text)) continue;
      if (bad?.has(line) && badStart === 0) badStart = line;
      const parsed = parser.push(text, line);
      if (!parsed) continue;
      if (!header) {
        header = parsed.fields ?? [];
        if (header.length > 0) header[0] = header[0].replace(/^\uFEFF/, '');
        // A broken header is counted as a rejected record; with an empty header every row after it is rejected too.
        if (parsed.error) {
          records.push({ value: undefined, row: row++, line: parsed.line, raw: parsed.text, error: { code: 'malformed_csv', reason: `header: ${parsed.error}` } });
        }
        badStart = 0;
        continue;
      }
      records.push(toRecord(parsed, header, row++, badStart));
      badStart = 0;
    }
    yield { records, csv: true };
  }
  const tail = parser.end();
  if (tail) yield { records: [{ value: undefined, row, line: tail.line, raw: tail.text, error: { code: 'malformed_csv', reason: tail.error! } }], csv: true };
}

function toRecord(parsed: ReturnType<CsvLineParser['push']> & object, header: string[], row: number, badLine: number): RawRecord {
  const { line, text } = parsed;
  if (badLine !== 0) return { value: undefined, row, line, raw: text, error: invalidUtf8(badLine) };
  if (parsed.error !== undefined) return { value: undefined, row, line, raw: text, error: { code: 'malformed_csv', reason: parsed.error } };
  const { fields } = parsed;
  if (fields.length !== header.length) {
    return {
      value: undefined,
      row,
      line,
      raw: text,
      error: { code: 'malformed_csv', reason: `line ${line} has ${fields.length} fields, the header has ${header.length}; quote fields that contain commas` },
    };
  }
  // A null-prototype object: a "__proto__" column becomes a plain own key, never the prototype.
  const value: Record<string, string> = Object.create(null);
  for (let j = 0; j < header.length; j++) value[header[j]] = fields[j];
  return { value, row, line, raw: text };
}
