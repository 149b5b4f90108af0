/**
 * churnkit: churn and renewal prediction for paid-knowledge platforms, on TensorFlow.js, in Node
 * and in browsers.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './backend/index.js';
export * from './data/index.js';
export * from './labels/index.js';
export * from './features/index.js';
export * from './models/index.js';
export * from './train/index.js';
export * from './metrics/index.js';
export * from './adapters/index.js';
export * from './kernels/index.js';
