import * as tf from '@tensorflow/tfjs-core';

/**
 * Backends whose tensors live in JS or wasm memory, so reading one with dataSync() is a copy, not
 * a GPU sync: the fused kernel, the host loss and the fused Adam run there. @internal
 */
export const HOST_BACKENDS: readonly string[] = ['cpu', 'wasm'];

/** Whether the current tfjs backend is one of {@link HOST_BACKENDS}. @internal */
export function onHostBackend(): boolean {
  return HOST_BACKENDS.includes(tf.getBackend());
}

// Host copies of tensors built from JS arrays (a batch's sequences and mask), so the fused kernel's
// op need not read them back out of the backend: a dataSync of a [256, 30, 8] batch is a 245 KB
// copy on wasm, every step.
const copies = new WeakMap<tf.Tensor, Float32Array>();

/**
 * Records that `tensor` was built from `values` and holds exactly them; readers may then use
 * `values` instead of reading the tensor. The caller must not change `values` afterwards.
 * Returns `tensor`. @internal
 */
export function withHostCopy<T extends tf.Tensor>(tensor: T, values: Float32Array): T {
  copies.set(tensor, values);
  return tensor;
}

/** The values of `tensor`: the array it was built from when recorded, else a read from the backend. @internal */
export function hostValuesOf(tensor: tf.Tensor): Float32Array {
  return copies.get(tensor) ?? (tensor.dataSync() as Float32Array);
}
