import { importNode } from '../backend/runtime.js';
import { openFile, readWebStream } from '../data/read/open-bytes.js';
/**
 * Line-by-line reading of text sources for the adapters: a file path, a Node stream, a web
 * `ReadableStream` or any async iterable of text or bytes. Only the current chunk and the
 * current line are held, so memory per file stays constant however long the file is.
 * @module
 */

/** Anything the adapters can read text from, line by line. */
export type TextSource =
  | string
  | AsyncIterable<string | Uint8Array>
  | ReadableStream<Uint8Array>
  | ReadableStream<string>;

/** One named text source: the name is used in error paths and as the default group key. */
export interface NamedTextSource {
  /** Shown in errors (`trainCourse645.csv[12]`) and used as the group key when grouping by file. */
  readonly name: string;
  /** The text itself. A string is a file path (Node only). */
  readonly source: TextSource;
}

/** Yields the lines of a source without their line ends (`\n` or `\r\n`). */
export async function* readLines(source: TextSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of chunks(source)) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    let nl = pending.indexOf('\n', start);
    while (nl >= 0) {
      yield stripCr(pending.slice(start, nl));
      start = nl + 1;
      nl = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.length > 0) yield stripCr(pending);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

async function* chunks(source: TextSource): AsyncGenerator<string | Uint8Array> {
  // The ingestion readers' openers: node:fs is imported lazily, web streams read without async iteration.
  if (typeof source === 'string') yield* openFile(source);
  else if (isWebStream(source)) yield* readWebStream(source) as AsyncGenerator<string | Uint8Array>;
  else yield* source as AsyncIterable<string | Uint8Array>;
}

function isWebStream(source: unknown): source is ReadableStream {
  return typeof (source as ReadableStream).getReader === 'function' && !(Symbol.asyncIterator in (source as object));
}

/**
 * Splits one CSV line into fields. Handles double-quoted fields with `""` escapes and commas
 * inside quotes; a quoted field spanning several lines is not supported (the data sets this
 * reads never have one).
 */
export function splitCsvLine(line: string): string[] {
  if (line.indexOf('"') < 0) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * Expands a path that may be a directory, a file, or a file pattern whose last segment has `*`
 * wildcards (`data/trainCourse*.csv`) into a sorted list of files. Node only.
 */
export async function expandPaths(paths: string | readonly string[], include = '*.csv'): Promise<string[]> {
  const { stat, readdir } = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
  const path = await importNode<typeof import('node:path')>('node:path');
  const out: string[] = [];
  for (const p of typeof paths === 'string' ? [paths] : paths) {
    const base = path.basename(p);
    if (base.includes('*')) {
      const dir = path.dirname(p);
      const re = globToRegExp(base);
      for (const name of (await readdir(dir)).sort()) if (re.test(name)) out.push(path.join(dir, name));
      continue;
    }
    const info = await stat(p);
    if (info.isDirectory()) {
      const re = globToRegExp(include);
      for (const name of (await readdir(p)).sort()) if (re.test(name)) out.push(path.join(p, name));
    } else out.push(p);
  }
  return out;
}

/** Turns a file-name pattern with `*` and `?` wildcards into an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
