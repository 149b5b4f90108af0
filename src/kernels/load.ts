import { RECURRENT_WASM_BASE64 } from './generated/recurrent-wasm.js';

/** Exports of the fused recurrent kernel module (src/kernels/c), called with byte offsets into its memory. */
export interface RecurrentWasmExports {
  /** The module's linear memory; every buffer the kernels read or write lives here. */
  readonly memory: WebAssembly.Memory;
  /** First free byte after the module's static data and stack. */
  readonly __heap_base: WebAssembly.Global;
  /** LSTM forward over the whole sequence (see src/kernels/c/lstm.c for the argument list). */
  lstm_forward(...args: number[]): void;
  /** LSTM backward through time. */
  lstm_backward(...args: number[]): void;
  /** GRU forward over the whole sequence (see src/kernels/c/gru.c). */
  gru_forward(...args: number[]): void;
  /** GRU backward through time. */
  gru_backward(...args: number[]): void;
  /** The SIMD matrix product the kernels use (see src/kernels/c/common.h for the argument list). */
  gemm(...args: number[]): void;
  /** Matrix transpose into a new buffer. */
  transpose(...args: number[]): void;
  /** One Adam step in place (see src/kernels/c/adam.c). */
  adam_update(...args: number[]): void;
}

let bytesCache: Uint8Array | undefined;
let moduleCache: WebAssembly.Module | undefined;
let modulePromise: Promise<WebAssembly.Module> | undefined;

/** The committed kernel module's bytes, decoded once from the generated base64 string. */
export function recurrentWasmBytes(): Uint8Array {
  if (bytesCache) return bytesCache;
  const text = RECURRENT_WASM_BASE64;
  if (typeof Buffer !== 'undefined') {
    const b = Buffer.from(text, 'base64');
    bytesCache = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } else {
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    bytesCache = out;
  }
  return bytesCache;
}

/**
 * Compiles the kernel module once, asynchronously. Browsers refuse synchronous compilation of modules
 * over 4 KB on the main thread, so await this once before the first fused op.
 */
export function compileRecurrentModule(): Promise<WebAssembly.Module> {
  if (moduleCache) return Promise.resolve(moduleCache);
  modulePromise ??= WebAssembly.compile(recurrentWasmBytes() as BufferSource).then((m) => (moduleCache = m));
  return modulePromise;
}

/**
 * The compiled module if available, compiling synchronously when allowed (Node, workers). Throws in a
 * browser main thread that has not awaited {@link compileRecurrentModule}.
 */
export function recurrentModuleSync(): WebAssembly.Module {
  moduleCache ??= new WebAssembly.Module(recurrentWasmBytes() as BufferSource);
  return moduleCache;
}

/** A fresh instance (its own linear memory) of the kernel module. */
export function instantiateRecurrent(module: WebAssembly.Module = recurrentModuleSync()): RecurrentWasmExports {
  const instance = new WebAssembly.Instance(module, {});
  return instance.exports as unknown as RecurrentWasmExports;
}
