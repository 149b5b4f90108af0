/** A run of complete lines from a text source. @internal */
export interface LineBlock {
  /** The lines, without their `\n` (a trailing `\r` is kept; parsers strip it). */
  readonly lines: string[];
  /** 1-based line number of `lines[0]`. */
  readonly first: number;
  /** Line numbers whose bytes were not valid UTF-8 (decoded with U+FFFD so parsing can go on), or null. */
  readonly invalidUtf8: number[] | null;
}

const NEWLINE = 0x0a;
// The biggest single line we hold before giving up: far above any real event, far below the heap limit.
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Splits a stream of byte or text chunks into lines, holding at most one chunk plus one partial line in memory.
 * Bytes are decoded as UTF-8 with a fatal decoder, so invalid bytes are reported with their line number
 * instead of silently becoming U+FFFD. @internal
 */
export async function* splitLines(chunks: AsyncIterable<unknown>): AsyncGenerator<LineBlock> {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  let carryBytes: Uint8Array | null = null;
  let carryText = '';
  let next = 1;
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      const text = carryText + chunk;
      const end = text.lastIndexOf('\n');
      if (end < 0) {
        carryText = text;
        continue;
      }
      carryText = text.slice(end + 1);
      const lines = text.slice(0, end).split('\n');
      yield { lines, first: next, invalidUtf8: null };
      next += lines.length;
      continue;
    }
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(`Expected a stream of bytes or strings, got a chunk of type ${typeof chunk}. Pass a byte or text stream, or an iterable of objects.`);
    }
    const bytes: Uint8Array = carryBytes ? concat(carryBytes, chunk) : chunk;
    const end = bytes.lastIndexOf(NEWLINE);
    if (end < 0) {
      if (bytes.length > MAX_LINE_BYTES) throw new RangeError(`Line ${next} is longer than ${MAX_LINE_BYTES} bytes; is this a text file?`);
      carryBytes = bytes;
      continue;
    }
    // Copy the tail: a view would pin the whole (possibly large) chunk in memory.
    carryBytes = end + 1 < bytes.length ? bytes.slice(end + 1) : null;
    const block = decodeLines(bytes.subarray(0, end), next, fatal);
    next += block.lines.length;
    yield block;
  }
  if (carryText) yield { lines: [carryText], first: next, invalidUtf8: null };
  if (carryBytes && carryBytes.length > 0) yield decodeLines(carryBytes, next, fatal);
}

function decodeLines(bytes: Uint8Array, first: number, fatal: TextDecoder): LineBlock {
  try {
    return { lines: fatal.decode(bytes).split('\n'), first, invalidUtf8: null };
  } catch {
    // Rare path: find the guilty lines one by one.
    const lenient = new TextDecoder('utf-8');
    const lines: string[] = [];
    const invalid: number[] = [];
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(NEWLINE, start);
      const part = bytes.subarray(start, nl < 0 ? bytes.length : nl);
      try {
        lines.push(fatal.decode(part));
      } catch {
        invalid.push(first + lines.length);
        lines.push(lenient.decode(part));
      }
      if (nl < 0) break;
      start = nl + 1;
    }
    return { lines, first, invalidUtf8: invalid };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
