import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, NotSupportedError } from '../../errors.js';
import { fusedEncoderProvider } from './fused-encoder.js';
import { LayersEncoder } from './layers-encoder.js';
import type { EncoderProvider, EncoderSpec, RecurrentEncoder } from './recurrent-encoder.js';

const providers = new Map<string, EncoderProvider>([
  ['layers', { priority: 0, supports: () => true, create: (spec) => new LayersEncoder(spec) }],
  // Registered here rather than by a module side effect, so that a bundler honouring
  // `sideEffects: false` cannot drop the fused kernel (priority 10 beats 'layers' on cpu/wasm).
  ['fused', fusedEncoderProvider],
]);
let preferred = 'auto';

/**
 * Adds (or replaces) a recurrent encoder implementation under `kind`. Under the default `'auto'`
 * preference, `createEncoder` tries implementations by descending priority and takes the
 * first whose `supports()` is true and whose `create()` does not throw `NotSupportedError`.
 */
export function registerEncoder(kind: string, provider: EncoderProvider): void {
  if (typeof kind !== 'string' || kind.length === 0 || kind === 'auto') {
    throw new ConfigError('kind', kind, "a non-empty encoder name other than 'auto'");
  }
  providers.set(kind, provider);
}

/**
 * Chooses which encoder implementation new models use: `'auto'` (default: the fastest that
 * supports the current backend), or a registered name such as `'layers'` to force one.
 */
export function preferEncoder(kind: string): void {
  if (kind !== 'auto' && !providers.has(kind)) {
    throw new ConfigError('encoder', kind, `'auto' or a registered encoder (${[...providers.keys()].join(', ')})`);
  }
  preferred = kind;
}

/** The names of the registered encoder implementations. */
export function encoderKinds(): string[] {
  return [...providers.keys()];
}

/**
 * The one place that picks an implementation and falls back to the generic tfjs-layers loop when
 * a specialised one cannot run here. @internal
 */
export function createEncoder(spec: EncoderSpec, backend: string = tf.getBackend()): RecurrentEncoder {
  if (preferred !== 'auto') {
    const provider = providers.get(preferred)!;
    if (!provider.supports(spec, backend)) {
      throw new NotSupportedError(`Encoder '${preferred}' cannot run a ${spec.cell} on backend '${backend}'. Call preferEncoder('auto') to fall back.`);
    }
    return provider.create(spec);
  }
  const ordered = [...providers.values()].sort((a, b) => b.priority - a.priority);
  for (const provider of ordered) {
    if (!provider.supports(spec, backend)) continue;
    try {
      return provider.create(spec);
    } catch (error) {
      if (!(error instanceof NotSupportedError)) throw error;
    }
  }
  return new LayersEncoder(spec);
}
