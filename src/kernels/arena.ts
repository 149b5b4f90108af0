/**
 * A first-fit allocator over a wasm module's linear memory. Regions live until freed, in any order
 * (a stacked encoder frees its layers' tapes in reverse, a forward without training frees at once),
 * and memory grows on demand. Views are re-created after growth because growing detaches the buffer.
 */
export class Arena {
  private readonly live: { start: number; end: number }[] = [];

  /**
   * @param memory the module's linear memory
   * @param base first byte the arena may use (the module's __heap_base)
   */
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly base: number,
  ) {}

  /** Reserves `bytes` (rounded up to 16) and returns the byte offset. */
  alloc(bytes: number): number {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    let cursor = Math.ceil(this.base / 16) * 16;
    let index = 0;
    for (; index < this.live.length; index++) {
      const r = this.live[index];
      if (r.start - cursor >= size) break;
      cursor = r.end;
    }
    const end = cursor + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / 65536));
    this.live.splice(index, 0, { start: cursor, end });
    return cursor;
  }

  /**
   * Reserves one region holding the named float buffers back to back, each 16-byte aligned, and
   * returns its start (for {@link Arena.free}) and each buffer's byte offset.
   */
  allocFloats<K extends string>(sizes: Record<K, number>): { region: number; at: Record<K, number> } {
    const at = {} as Record<K, number>;
    let bytes = 0;
    for (const name of Object.keys(sizes) as K[]) {
      at[name] = bytes;
      bytes += Math.ceil((sizes[name] * 4) / 16) * 16;
    }
    const region = this.alloc(bytes);
    for (const name of Object.keys(at) as K[]) at[name] += region;
    return { region, at };
  }

  /** Releases the region that starts at `offset`. */
  free(offset: number): void {
    const i = this.live.findIndex((r) => r.start === offset);
    if (i >= 0) this.live.splice(i, 1);
  }

  /** Bytes currently reserved. */
  get usedBytes(): number {
    return this.live.reduce((s, r) => s + r.end - r.start, 0);
  }

  /** A float32 view of `length` elements at byte `offset` (valid until the memory next grows). */
  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }
}
