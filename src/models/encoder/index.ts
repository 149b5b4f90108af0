export type { RecurrentEncoder, EncoderSpec, EncoderApplyOptions, EncoderProvider } from './recurrent-encoder.js';
export { registerEncoder, preferEncoder, encoderKinds } from './registry.js';
export { LayersEncoder } from './layers-encoder.js';
