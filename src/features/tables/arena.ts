// Large typed arrays are allocated from one ArrayBuffer per batch. V8 counts ArrayBuffers as
// external memory and may run a full garbage collection whenever external memory has grown by
// some tens of MB; with millions of event objects alive, each such collection costs seconds.
// One allocation per batch instead of dozens keeps that to about one per batch.

type TypedArrayConstructor =
  | Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Int8ArrayConstructor;

/** Views of one fresh, zeroed ArrayBuffer: one array of each requested type and length. @internal */
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
  const buffer = new ArrayBuffer(Math.max(8, bytes));
  return specs.map(([ctor, length], i) => new ctor(buffer, offsets[i], length)) as never;
}

/** `count` zeroed Float32Arrays of `length`, sharing one buffer. @internal */
export function float32Columns(count: number, length: number): Float32Array[] {
  const buffer = new ArrayBuffer(Math.max(4, count * length * 4));
  return Array.from({ length: count }, (_, i) => new Float32Array(buffer, i * length * 4, length));
}

/** `count` zeroed Float64Arrays of `length`, sharing one buffer. @internal */
export function float64Columns(count: number, length: number): Float64Array[] {
  const buffer = new ArrayBuffer(Math.max(8, count * length * 8));
  return Array.from({ length: count }, (_, i) => new Float64Array(buffer, i * length * 8, length));
}
