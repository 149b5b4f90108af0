import { Arena } from './arena.js';
import { instantiateRecurrent, recurrentModuleSync, type RecurrentWasmExports } from './load.js';

/** Sizes of one product C[m, n] = op(A) · B, op(A) being [m, k]. */
export interface MatMulShape {
  /** Rows of the result. */
  readonly m: number;
  /** Columns of the result. */
  readonly n: number;
  /** The summed dimension. */
  readonly k: number;
}

/**
 * Matrix products on plain Float32Arrays through the kernel module's SIMD `gemm` (src/kernels/c/gemm.c),
 * in an instance and memory of its own so it never touches the recurrent kernel's tapes. It serves
 * the small dense layers around the encoder on the cpu and wasm backends, where a tfjs op costs more
 * in dispatch and gradient bookkeeping than the product itself. Not thread-safe: one per thread.
 * @internal
 */
export class HostMatMul {
  private readonly wasm: RecurrentWasmExports;
  private readonly arena: Arena;

  constructor(wasm: RecurrentWasmExports = instantiateRecurrent()) {
    this.wasm = wasm;
    this.arena = new Arena(wasm.memory, wasm.__heap_base.value as number);
  }

  /**
   * `a · b` (a [m, k], b [k, n], row-major), or `aᵀ · b` with `transposeA` (then a is [k, m]).
   * Sums run in float32 in the kernel's fixed order, so a result depends only on its inputs.
   */
  matMul(a: Float32Array, b: Float32Array, shape: MatMulShape, transposeA = false): Float32Array {
    const { m, n, k } = shape;
    if (a.length !== m * k || b.length !== k * n) {
      throw new RangeError(`HostMatMul: got a of ${a.length} and b of ${b.length} values for [${m}, ${k}] x [${k}, ${n}].`);
    }
    const aBytes = Math.ceil(a.length / 4) * 16;
    const bBytes = Math.ceil(b.length / 4) * 16;
    const region = this.arena.alloc(aBytes + bBytes + m * n * 4);
    try {
      const pa = region;
      const pb = region + aBytes;
      const pc = pb + bBytes;
      this.arena.f32(pa, a.length).set(a);
      this.arena.f32(pb, b.length).set(b);
      // A's element (i, kk) sits at i*sai + kk*sak: [m, k] row-major, or the transpose of [k, m].
      const [sai, sak] = transposeA ? [1, m] : [k, 1];
      this.wasm.gemm(m, n, k, pa, sai, sak, pb, n, pc, n, 0);
      return this.arena.f32(pc, m * n).slice();
    } finally {
      this.arena.free(region);
    }
  }
}

let shared: HostMatMul | undefined;

/**
 * This thread's {@link HostMatMul}, or undefined where the kernel module cannot be compiled
 * synchronously (a browser main thread that has not awaited `compileRecurrentModule()`): callers then
 * keep their tfjs ops. @internal
 */
export function sharedHostMatMul(): HostMatMul | undefined {
  if (shared) return shared;
  try {
    shared = new HostMatMul(instantiateRecurrent(recurrentModuleSync()));
  } catch {
    // Not compiled yet on this thread; a later call succeeds once the module is.
  }
  return shared;
}
