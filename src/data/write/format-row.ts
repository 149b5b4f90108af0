import type { ColumnSpec } from './columns.js';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV cell per RFC 4180: quoted when it holds a comma, quote, newline or edge space; inner quotes doubled. @internal */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : String(value);
  // An empty string is written quoted so it stays distinct from an absent value (an empty cell).
  if (text === '') return '""';
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line. @internal */
export function csvHeader(columns: readonly ColumnSpec[]): string {
  return `${columns.map((c) => csvCell(c.name)).join(',')}\n`;
}

/** One record as a CSV line (with its newline), in column order. @internal */
export function csvLine(record: object, columns: readonly ColumnSpec[]): string {
  const r = record as Record<string, unknown>;
  let line = csvCell(r[columns[0].name]);
  for (let i = 1; i < columns.length; i++) line += `,${csvCell(r[columns[i].name])}`;
  return `${line}\n`;
}
