import * as tf from '@tensorflow/tfjs-core';

// tfjs-core's own bundles do not register the chained tensor methods (`t.flatten()`,
// `t.asType()`, …); only the @tensorflow/tfjs union package does, through a file that plain
// Node ESM cannot import (extensionless specifiers). tfjs-layers calls some of them — the LSTM's
// orthogonal initializer calls `rMat.flatten()` — so churnkit installs them itself, from the
// exported ops, on the one Tensor class every backend shares. Installing is idempotent and only
// fills methods that are missing, so it coexists with @tensorflow/tfjs if an app also loads it.

type Op = (...args: any[]) => unknown;

/** Methods whose name is the op's name and whose receiver is the op's first argument. */
const SAME_NAME = [
  'abs', 'acos', 'acosh', 'add', 'all', 'any', 'argMax', 'argMin', 'asin', 'asinh', 'atan', 'atan2', 'atanh',
  'avgPool', 'batchToSpaceND', 'batchNorm', 'broadcastTo', 'cast', 'ceil', 'clipByValue', 'conv1d', 'conv2d',
  'conv2dTranspose', 'cos', 'cosh', 'cumprod', 'cumsum', 'depthToSpace', 'depthwiseConv2d', 'dilation2d', 'div',
  'divNoNan', 'dot', 'elu', 'equal', 'erf', 'euclideanNorm', 'exp', 'expandDims', 'expm1', 'fft', 'floor',
  'floorDiv', 'gather', 'greater', 'greaterEqual', 'ifft', 'irfft', 'isFinite', 'isInf', 'isNaN', 'leakyRelu',
  'less', 'lessEqual', 'localResponseNormalization', 'log', 'log1p', 'logSigmoid', 'logSoftmax', 'logSumExp',
  'logicalAnd', 'logicalNot', 'logicalOr', 'logicalXor', 'matMul', 'max', 'maxPool', 'maximum', 'mean', 'min',
  'minimum', 'mirrorPad', 'mod', 'mul', 'neg', 'norm', 'notEqual', 'oneHot', 'onesLike', 'pad', 'pool', 'pow',
  'prelu', 'prod', 'reciprocal', 'relu', 'relu6', 'reshape', 'resizeBilinear', 'resizeNearestNeighbor', 'reverse',
  'rfft', 'round', 'rsqrt', 'selu', 'separableConv2d', 'sigmoid', 'sign', 'sin', 'sinh', 'slice', 'softmax',
  'softplus', 'spaceToBatchND', 'split', 'sqrt', 'square', 'squaredDifference', 'squeeze', 'step', 'stridedSlice',
  'sub', 'sum', 'tan', 'tanh', 'tile', 'topk', 'transpose', 'unique', 'unsortedSegmentSum', 'unstack', 'zerosLike',
] as const;

let installed = false;

/**
 * Installs tfjs's chained tensor methods if they are missing. Called by {@link useBackend} and
 * by every model before it builds layers; calling it again does nothing.
 * @internal
 */
export function ensureChainedOps(): void {
  if (installed) return;
  const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
  const ops = tf as unknown as Record<string, Op>;
  const define = (name: string, fn: (this: tf.Tensor, ...args: any[]) => unknown) => {
    if (typeof proto[name] === 'function') return;
    Object.defineProperty(proto, name, {
      value: function (this: tf.Tensor, ...args: any[]) {
        this.throwIfDisposed();
        return fn.apply(this, args);
      },
      writable: true,
      configurable: true,
    });
  };
  for (const name of SAME_NAME) {
    const op = ops[name];
    if (typeof op === 'function') define(name, function (this: tf.Tensor, ...args: any[]) { return op(this, ...args); });
  }
  define('flatten', function (this: tf.Tensor) { return tf.reshape(this, [this.size]); });
  define('asScalar', function (this: tf.Tensor) { return tf.reshape(this, []); });
  define('as1D', function (this: tf.Tensor) { return tf.reshape(this, [this.size]); });
  define('as2D', function (this: tf.Tensor, r: number, c: number) { return tf.reshape(this, [r, c]); });
  define('as3D', function (this: tf.Tensor, r: number, c: number, d: number) { return tf.reshape(this, [r, c, d]); });
  define('as4D', function (this: tf.Tensor, r: number, c: number, d: number, d2: number) {
    return tf.reshape(this, [r, c, d, d2]);
  });
  define('as5D', function (this: tf.Tensor, r: number, c: number, d: number, d2: number, d3: number) {
    return tf.reshape(this, [r, c, d, d2, d3]);
  });
  define('asType', function (this: tf.Tensor, dtype: tf.DataType) { return tf.cast(this, dtype); });
  define('toFloat', function (this: tf.Tensor) { return tf.cast(this, 'float32'); });
  define('toInt', function (this: tf.Tensor) { return tf.cast(this, 'int32'); });
  define('toBool', function (this: tf.Tensor) { return tf.cast(this, 'bool'); });
  define('reshapeAs', function (this: tf.Tensor, x: tf.Tensor) { return tf.reshape(this, x.shape); });
  define('concat', function (this: tf.Tensor, x: tf.Tensor | tf.Tensor[], axis?: number) {
    return tf.concat([this, ...(x instanceof tf.Tensor ? [x] : x)], axis);
  });
  define('stack', function (this: tf.Tensor, x: tf.Tensor | tf.Tensor[], axis?: number) {
    return tf.stack([this, ...(x instanceof tf.Tensor ? [x] : x)], axis);
  });
  define('where', function (this: tf.Tensor, condition: tf.Tensor, x: tf.Tensor) { return tf.where(condition, this, x); });
  installed = true;
}
