// The fused kernel is ChurnLSTM's encoder on the cpu and wasm backends: the encoder registry
// (src/models/encoder/registry.ts) lists it next to the tfjs-layers one.
export {
  RecurrentKernel,
  type FusedCell,
  type FusedRecurrentActivation,
  type RecurrentShape,
  type RecurrentWeights,
  type FusedForwardInput,
  type FusedForwardOutput,
  type FusedBackwardInput,
  type FusedBackwardOutput,
  type RecurrentTape,
} from './recurrent-kernel.js';
export { compileRecurrentModule, type RecurrentWasmExports } from './load.js';
export type { EncodeInput, PendingEncode } from './encode.js';
export { RecurrentPool, type RecurrentRunner } from './pool/recurrent-pool.js';
export { useKernelThreads, kernelThreads } from './threads.js';
export { fusedRecurrentLayer, FUSED_BACKENDS, type FusedLayerOptions } from './tf-op.js';
export { FusedEncoder, fusedEncoderProvider } from '../models/encoder/fused-encoder.js';
