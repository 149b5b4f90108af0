// Memory for feature tables and columns. Two costs dominate large fits and transforms, and both
// come from fresh memory rather than from arithmetic:
// - V8 counts ArrayBuffers as external memory and may start a full garbage collection whenever
//   it has grown by some tens of MB; with millions of event objects alive each one costs seconds.
// - On virtual machines every fresh page is a fault into the hypervisor: a fresh 256 MB array
//   takes ~0.9 s to fill on the machine this was tuned on, a reused one 12 ms.
// So large arrays come from a pool: the synchronous pipeline calls run inside `withScratch`, and
// what they allocated goes back to the pool when the call ends (only the returned FeatureSet
// escapes). The pool holds buffers weakly, so an idle process gives the memory back at its next
// garbage collection, and a busy one reuses it.

type TypedArrayConstructor =
  | Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Int8ArrayConstructor;

/** Below this many bytes the allocator is fast and pooling would only add bookkeeping. */
const POOL_MIN_BYTES = 1 << 16;

const free: WeakRef<ArrayBuffer>[] = [];
let inCall: ArrayBuffer[] | undefined;
let depth = 0;

/**
 * Runs `fn` (synchronous) so that the large buffers it allocates return to the pool when it
 * ends, except those passed to {@link escapeScratch}. Nested calls release at the outermost.
 * @internal
 */
export function withScratch<T>(fn: () => T): T {
  if (depth++ === 0) inCall = [];
  try {
    return fn();
  } finally {
    if (--depth === 0) {
      for (const buffer of inCall!) free.push(new WeakRef(buffer));
      inCall = undefined;
    }
  }
}

/** Forgets every pooled buffer, so the next call starts cold (benchmarks use it). @internal */
export function dropPooledMemory(): void {
  free.length = 0;
}

/** Marks arrays as handed to the caller: their buffers never return to the pool. @internal */
export function escapeScratch(...arrays: ArrayBufferView[]): void {
  if (!inCall) return;
  for (const a of arrays) {
    const at = inCall.indexOf(a.buffer as ArrayBuffer);
    if (at >= 0) inCall.splice(at, 1);
  }
}

/**
 * Inside {@link withScratch}: returns to the pool, at once, the buffers this call allocated that
 * `dead` views and none of `alive` does. A pipeline calls it for each intermediate frame a step
 * has replaced, so that a later step's output reuses the memory of an earlier step's.
 * @internal
 */
export function releaseUnshared(dead: readonly ArrayBufferView[], alive: readonly ArrayBufferView[]): void {
  if (!inCall || inCall.length === 0) return;
  const keep = new Set<ArrayBufferLike>(alive.map((a) => a.buffer));
  for (const view of dead) {
    const buffer = view.buffer;
    if (keep.has(buffer)) continue;
    const at = inCall.indexOf(buffer as ArrayBuffer);
    if (at < 0) continue;
    inCall.splice(at, 1);
    free.push(new WeakRef(buffer as ArrayBuffer));
    keep.add(buffer);
  }
}

/**
 * A zeroed buffer of at least `bytes`: a pooled one when a close fit is free, else fresh. `exact`
 * buffers are exactly `bytes` long: arrays handed to users own their whole buffer, so code that
 * reads `array.buffer` sees only their data.
 */
function takeBuffer(bytes: number, exact = false): ArrayBuffer {
  if (bytes < POOL_MIN_BYTES) return new ArrayBuffer(bytes);
  let best = -1;
  let bestBuffer: ArrayBuffer | undefined;
  for (let i = free.length - 1; i >= 0; i--) {
    const buffer = free[i].deref();
    if (!buffer) {
      free.splice(i, 1);
      if (best > i) best--;
      continue;
    }
    // Close fits only: a large buffer serving a small request would pin memory for nothing.
    const fits = exact ? buffer.byteLength === bytes : buffer.byteLength >= bytes && buffer.byteLength <= 2 * bytes;
    if (fits && (!bestBuffer || buffer.byteLength < bestBuffer.byteLength)) {
      best = i;
      bestBuffer = buffer;
    }
  }
  let buffer: ArrayBuffer;
  if (bestBuffer) {
    free.splice(best, 1);
    buffer = bestBuffer;
    new Uint8Array(buffer, 0, bytes).fill(0);
  } else buffer = new ArrayBuffer(bytes);
  inCall?.push(buffer);
  return buffer;
}

/** Views of one zeroed buffer: one array of each requested type and length. @internal */
export function allocateBatch<T extends readonly [TypedArrayConstructor, number][]>(
  specs: T,
): { [K in keyof T]: T[K] extends [infer C, number] ? (C extends new (...args: never[]) => infer A ? A : never) : never } {
  let bytes = 0;
  const offsets = specs.map(([ctor, length]) => {
    bytes = Math.ceil(bytes / 8) * 8;
    const at = bytes;
    bytes += ctor.BYTES_PER_ELEMENT * length;
    return at;
  });
  const buffer = takeBuffer(bytes);
  return specs.map(([ctor, length], i) => new ctor(buffer, offsets[i], length)) as never;
}

/** `count` zeroed Float32Arrays of `length`, sharing one buffer. @internal */
export function float32Columns(count: number, length: number): Float32Array[] {
  const buffer = takeBuffer(count * length * 4);
  return Array.from({ length: count }, (_, i) => new Float32Array(buffer, i * length * 4, length));
}

/** `count` zeroed Float64Arrays of `length`, sharing one buffer. @internal */
export function float64Columns(count: number, length: number): Float64Array[] {
  const buffer = takeBuffer(count * length * 8);
  return Array.from({ length: count }, (_, i) => new Float64Array(buffer, i * length * 8, length));
}

/** One zeroed Float32Array, pooled when large; `exact`: alone in a buffer of its size. @internal */
export function float32Array(length: number, exact = false): Float32Array {
  return new Float32Array(takeBuffer(length * 4, exact), 0, length);
}

/** One zeroed Float64Array, pooled when large. @internal */
export function float64Array(length: number): Float64Array {
  return new Float64Array(takeBuffer(length * 8), 0, length);
}

/** One zeroed Int32Array, pooled when large; `exact`: alone in a buffer of its size. @internal */
export function int32Array(length: number, exact = false): Int32Array {
  return new Int32Array(takeBuffer(length * 4, exact), 0, length);
}
