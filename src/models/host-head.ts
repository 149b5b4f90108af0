import * as tf from '@tensorflow/tfjs-core';
import { hostValuesOf, onHostBackend } from '../backend/host-memory.js';
import { sharedHostKernel, type HostKernel } from '../kernels/host-kernel.js';

/**
 * Weights of ChurnLSTM's wide-and-deep head: a ReLU fusion layer over `[encoded | table]`
 * (kernel [E+S, D], bias [D]) and one logistic head per output over `[fusion | table]`
 * (kernel [D+S, 1], bias [1]). @internal
 */
export interface WideDeepWeights {
  readonly fusion: readonly [tf.Tensor2D, tf.Tensor1D];
  readonly heads: readonly (readonly [tf.Tensor2D, tf.Tensor1D])[];
}

/** Sizes: batch rows, encoder width, table width, fusion width, heads. @internal */
export interface WideDeepDims {
  readonly rows: number;
  readonly encoded: number;
  readonly table: number;
  readonly hidden: number;
  readonly heads: number;
}

/** What the backward pass needs from the forward one. */
interface HeadCache {
  readonly dims: WideDeepDims;
  readonly joined: Float32Array;
  readonly pre: Float32Array;
  readonly fused: Float32Array;
  readonly fusionKernel: Float32Array;
  readonly headKernel: Float32Array;
  readonly dropoutMask?: Float32Array;
}

/** `[left | right]` row by row. */
function joinRows(left: Float32Array, leftWidth: number, right: Float32Array, rightWidth: number, rows: number): Float32Array {
  const width = leftWidth + rightWidth;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    out.set(left.subarray(r * leftWidth, (r + 1) * leftWidth), r * width);
    out.set(right.subarray(r * rightWidth, (r + 1) * rightWidth), r * width + leftWidth);
  }
  return out;
}

/** The heads' [D+S, 1] kernels side by side as one [D+S, H] matrix: one product serves every head. */
function headMatrix(kernels: Float32Array[], width: number): Float32Array {
  const H = kernels.length;
  const out = new Float32Array(width * H);
  kernels.forEach((k, h) => {
    for (let i = 0; i < width; i++) out[i * H + h] = k[i];
  });
  return out;
}

/** The head's weights as plain arrays, the heads' kernels side by side as one [D+S, H] matrix. @internal */
export interface WideDeepValues {
  readonly fusionKernel: Float32Array;
  readonly fusionBias: Float32Array;
  readonly headKernel: Float32Array;
  readonly headBias: readonly number[];
}

/** Reads the head's weights into arrays (host memory on the cpu and wasm backends; not to be written to). @internal */
export function wideDeepValues(weights: WideDeepWeights): WideDeepValues {
  const width = weights.heads[0]?.[0].shape[0] ?? 0;
  return {
    fusionKernel: weights.fusion[0].dataSync() as Float32Array,
    fusionBias: weights.fusion[1].dataSync() as Float32Array,
    headKernel: headMatrix(weights.heads.map(([k]) => k.dataSync() as Float32Array), width),
    headBias: weights.heads.map(([, b]) => b.dataSync()[0]),
  };
}

/** Forward pass on plain arrays; logits come out head-major ([H, N] flattened). */
function forward(host: HostKernel, encoded: Float32Array, table: Float32Array, values: WideDeepValues, dims: WideDeepDims, dropoutMask?: Float32Array) {
  const { rows: N, encoded: E, table: S, hidden: D, heads: H } = dims;
  const { fusionKernel, fusionBias, headKernel, headBias } = values;
  const joined = joinRows(encoded, E, table, S, N);
  // x·W then the bias, then ReLU, then the dropout scale: the tfjs head's order of operations.
  const pre = host.matMul(joined, fusionKernel, { m: N, n: D, k: E + S });
  const deep = new Float32Array(N * D);
  for (let r = 0; r < N; r++) {
    for (let d = 0; d < D; d++) {
      const i = r * D + d;
      pre[i] += fusionBias[d];
      const a = pre[i] > 0 ? pre[i] : 0;
      deep[i] = dropoutMask ? a * dropoutMask[i] : a;
    }
  }
  const fused = joinRows(deep, D, table, S, N);
  // One or two output columns: plain dot products beat the SIMD product's narrow-column tail.
  const K = D + S;
  const logits = new Float32Array(H * N);
  for (let h = 0; h < H; h++) {
    for (let r = 0; r < N; r++) {
      let sum = 0;
      for (let i = 0, f = r * K; i < K; i++) sum += fused[f + i] * headKernel[i * H + h];
      logits[h * N + r] = Math.fround(sum) + headBias[h];
    }
  }
  const cache: HeadCache = { dims, joined, pre, fused, fusionKernel, headKernel, dropoutMask };
  return { logits, cache };
}

/** Gradients of every head input from d loss / d logits (head-major), as a fused matMul's tfjs gradient computes them. */
function backward(host: HostKernel, cache: HeadCache, dLogits: Float32Array) {
  const { dims, joined, pre, fused, fusionKernel, headKernel, dropoutMask } = cache;
  const { rows: N, encoded: E, table: S, hidden: D, heads: H } = dims;
  const K = D + S;
  const dByRow = new Float32Array(N * H);
  for (let h = 0; h < H; h++) for (let r = 0; r < N; r++) dByRow[r * H + h] = dLogits[h * N + r];
  const dHeadKernel = new Float32Array(K * H);
  const dHeadBias = new Float32Array(H);
  for (let h = 0; h < H; h++) {
    const acc = new Float64Array(K);
    let bias = 0;
    for (let r = 0; r < N; r++) {
      const g = dLogits[h * N + r];
      bias += g;
      for (let i = 0, f = r * K; i < K; i++) acc[i] += fused[f + i] * g;
    }
    for (let i = 0; i < K; i++) dHeadKernel[i * H + h] = acc[i];
    dHeadBias[h] = bias;
  }
  // Only the fusion part of [fusion | table] carries a gradient further (the table is data).
  const dPre = new Float32Array(N * D);
  for (let r = 0; r < N; r++) {
    for (let d = 0; d < D; d++) {
      const i = r * D + d;
      if (!(pre[i] > 0)) continue;
      let g = 0;
      for (let h = 0; h < H; h++) g += dByRow[r * H + h] * headKernel[d * H + h];
      dPre[i] = dropoutMask ? Math.fround(g) * dropoutMask[i] : g;
    }
  }
  const dFusionKernel = host.matMul(joined, dPre, { m: E + S, n: D, k: N }, true);
  const dFusionBias = new Float32Array(D);
  for (let i = 0; i < N * D; i++) dFusionBias[i % D] += dPre[i];
  const kernelT = new Float32Array(D * (E + S));
  for (let i = 0; i < E + S; i++) for (let d = 0; d < D; d++) kernelT[d * (E + S) + i] = fusionKernel[i * D + d];
  const dJoined = host.matMul(dPre, kernelT, { m: N, n: E + S, k: D });
  const dEncoded = new Float32Array(N * E);
  for (let r = 0; r < N; r++) dEncoded.set(dJoined.subarray(r * (E + S), r * (E + S) + E), r * E);
  const dHeads = Array.from({ length: H }, (_, h) => {
    const k = new Float32Array(K);
    for (let i = 0; i < K; i++) k[i] = dHeadKernel[i * H + h];
    return k;
  });
  return { dEncoded, dFusionKernel, dFusionBias, dHeads, dHeadBias };
}

/**
 * Whether ChurnLSTM may run its head through {@link hostWideDeepHead}. Always on in use; tests switch it
 * off to train the same model through the tfjs head and compare. @internal
 */
export const hostHeadSwitch = { enabled: true };

function hostKernelForHead(): HostKernel | undefined {
  return hostHeadSwitch.enabled && onHostBackend() ? sharedHostKernel() : undefined;
}

/**
 * Whether {@link hostWideDeepHead} runs here (a cpu or wasm backend with the kernel module compiled on
 * this thread). Ask before drawing its dropout mask: the tfjs head draws its own. @internal
 */
export function hostHeadAvailable(): boolean {
  return hostKernelForHead() !== undefined;
}

/**
 * ChurnLSTM's head (fusion Dense + ReLU + dropout, then each logistic head over `[fusion | table]`)
 * as one op on the cpu and wasm backends: one forward and one backward over plain arrays with the
 * kernel module's SIMD product, instead of ~10 tfjs ops forward and ~25 on the gradient tape. Same
 * values as the tfjs head up to float32 summation order. `dropoutMask` holds the inverted-dropout
 * scale per [row, fusion unit] (training only). Returns one logit vector per head, or undefined where
 * it cannot run (other backends, or a browser thread before the kernel module is compiled); the
 * caller then runs the tfjs head. @internal
 */
export function hostWideDeepHead(
  encoded: tf.Tensor2D,
  table: tf.Tensor2D,
  weights: WideDeepWeights,
  options: { training: boolean; dropoutMask?: Float32Array },
): tf.Tensor1D[] | undefined {
  const host = hostKernelForHead();
  if (!host) return undefined;
  const [N, E] = encoded.shape;
  const dims: WideDeepDims = { rows: N, encoded: E, table: table.shape[1], hidden: weights.fusion[0].shape[1], heads: weights.heads.length };
  const tableValues = hostValuesOf(table);
  const split = (flat: tf.Tensor1D): tf.Tensor1D[] =>
    dims.heads === 1 ? [flat] : Array.from({ length: dims.heads }, (_, h) => tf.slice(flat, [h * N], [N]));
  if (!options.training) {
    const { logits } = forward(host, hostValuesOf(encoded), tableValues, wideDeepValues(weights), dims);
    return tf.tidy(() => split(tf.tensor1d(logits)));
  }
  const inputs: tf.Tensor[] = [encoded, weights.fusion[0], weights.fusion[1], ...weights.heads.flat()];
  const op = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => {
    const { logits, cache } = forward(host, hostValuesOf(args[0] as tf.Tensor), tableValues, wideDeepValues(weights), dims, options.dropoutMask);
    return {
      value: tf.tensor1d(logits),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const g = backward(host, cache, (Array.isArray(dy) ? dy[0] : dy).dataSync() as Float32Array);
        const S = dims.table;
        return [
          tf.tensor2d(g.dEncoded, [N, E]),
          tf.tensor2d(g.dFusionKernel, [E + S, dims.hidden]),
          tf.tensor1d(g.dFusionBias),
          ...g.dHeads.flatMap((k, h) => [tf.tensor2d(k, [dims.hidden + S, 1]), tf.tensor1d([g.dHeadBias[h]])]),
        ];
      },
    };
  });
  return tf.tidy(() => split((op as unknown as (...t: tf.Tensor[]) => tf.Tensor1D)(...inputs)));
}

/**
 * Inference logits of the head on plain arrays (head-major, [H, N] flattened): the same arithmetic as
 * {@link hostWideDeepHead}'s forward, for a scoring loop that never makes tensors. Undefined where the
 * host head cannot run. @internal
 */
export function hostHeadLogits(encoded: Float32Array, table: Float32Array, values: WideDeepValues, dims: WideDeepDims): Float32Array | undefined {
  const host = hostKernelForHead();
  return host ? forward(host, encoded, table, values, dims).logits : undefined;
}
