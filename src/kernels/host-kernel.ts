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
 * The kernel module's helpers for the work around the encoder on the cpu and wasm backends, where a
 * tfjs op costs more in dispatch and gradient bookkeeping than its arithmetic: matrix products for
 * the dense layers (the SIMD `gemm` of src/kernels/c/gemm.c) and the Adam update (adam.c). Plain
 * Float32Arrays in and out, in an instance and memory of its own so it never touches the recurrent
 * kernel's tapes. Not thread-safe: one per thread. @internal
 */
export class HostKernel {
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
      throw new RangeError(`HostKernel.matMul: got a of ${a.length} and b of ${b.length} values for [${m}, ${k}] x [${k}, ${n}].`);
    }
    const { region, at } = this.arena.allocFloats({ a: a.length, b: b.length, c: m * n });
    try {
      this.arena.f32(at.a, a.length).set(a);
      this.arena.f32(at.b, b.length).set(b);
      // A's element (i, kk) sits at i*sai + kk*sak: [m, k] row-major, or the transpose of [k, m].
      const [sai, sak] = transposeA ? [1, m] : [k, 1];
      this.wasm.gemm(m, n, k, at.a, sai, sak, at.b, n, at.c, n, 0);
      return this.arena.f32(at.c, m * n).slice();
    } finally {
      this.arena.free(region);
    }
  }

  /**
   * One Adam step in place on `values`, `m` and `v` from `gradient`; `constants` =
   * [β1, 1 − β1, 1 − β1ᵗ, β2, 1 − β2, 1 − β2ᵗ, ε, −lr], each a float32. Every operation is rounded to
   * float32, in tfjs's order (see FusedAdam).
   */
  adamUpdate(values: Float32Array, gradient: Float32Array, m: Float32Array, v: Float32Array, constants: readonly number[]): void {
    const n = values.length;
    if (gradient.length !== n || m.length !== n || v.length !== n || constants.length !== 8) {
      throw new RangeError(`HostKernel.adamUpdate: got ${n} values, ${gradient.length} gradients, ${m.length}/${v.length} moments and ${constants.length} constants (expected equal lengths and 8).`);
    }
    const { region, at } = this.arena.allocFloats({ w: n, g: n, m: n, v: n, k: 8 });
    try {
      this.arena.f32(at.w, n).set(values);
      this.arena.f32(at.g, n).set(gradient);
      this.arena.f32(at.m, n).set(m);
      this.arena.f32(at.v, n).set(v);
      this.arena.f32(at.k, 8).set(constants);
      this.wasm.adam_update(n, at.w, at.g, at.m, at.v, at.k);
      values.set(this.arena.f32(at.w, n));
      m.set(this.arena.f32(at.m, n));
      v.set(this.arena.f32(at.v, n));
    } finally {
      this.arena.free(region);
    }
  }
}

let shared: HostKernel | undefined;

/**
 * This thread's {@link HostKernel}, or undefined where the kernel module cannot be compiled
 * synchronously (a browser main thread that has not awaited `compileRecurrentModule()`): callers then
 * keep their tfjs ops. @internal
 */
export function sharedHostKernel(): HostKernel | undefined {
  if (shared) return shared;
  try {
    shared = new HostKernel(instantiateRecurrent(recurrentModuleSync()));
  } catch {
    // Not compiled yet on this thread; a later call succeeds once the module is.
  }
  return shared;
}
