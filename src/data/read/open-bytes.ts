import { ConfigError } from '../../errors.js';
import { importNode } from '../../backend/runtime.js';

/** Turns a file path or `file://` URL into a plain path. @internal */
export function toPath(source: string | URL): string {
  if (source instanceof URL || source.startsWith('file://')) {
    const url = source instanceof URL ? source : new URL(source);
    if (url.protocol !== 'file:') throw new ConfigError('source', url.href, 'a file path or a file:// URL; fetch other URLs yourself and pass the response body stream');
    return decodeURIComponent(url.pathname);
  }
  return source;
}

/**
 * Opens a file as a stream of byte chunks. `node:fs` is imported on first use so the browser build never
 * needs it. @internal
 */
export async function* openFile(path: string): AsyncGenerator<Uint8Array> {
  const fs = await importNode<typeof import('node:fs')>('node:fs');
  // 1 MiB reads: big enough that per-chunk overhead vanishes, small enough to keep memory flat.
  const stream = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } finally {
    stream.destroy();
  }
}

/** Reads a web ReadableStream chunk by chunk (not every browser makes it async-iterable). @internal */
export async function* readWebStream(stream: ReadableStream<unknown>): AsyncGenerator<unknown> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Guesses a file's format from its extension. @internal */
export function formatFromPath(path: string): 'csv' | 'ndjson' | 'parquet' | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl') || lower.endsWith('.json')) return 'ndjson';
  if (lower.endsWith('.parquet')) return 'parquet';
  return undefined;
}
