import { registerEncoder } from '../models/encoder/registry.js';
import { fusedEncoderProvider } from '../models/encoder/fused-encoder.js';

// The fused kernel becomes ChurnLSTM's encoder on the cpu and wasm backends as soon as churnkit is
// imported (priority 10 beats the tfjs-layers encoder's 0 under preferEncoder('auto')).
registerEncoder('fused', fusedEncoderProvider);

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
export { RecurrentPool, type RecurrentRunner } from './pool/recurrent-pool.js';
export { useKernelThreads, kernelThreads } from './threads.js';
export { fusedRecurrentLayer, FUSED_BACKENDS, type FusedLayerOptions } from './tf-op.js';
export { FusedEncoder, fusedEncoderProvider } from '../models/encoder/fused-encoder.js';
