import * as tf from '@tensorflow/tfjs-core';
import { ChurnkitError } from '../errors.js';
import { ensureChainedOps } from './chained-ops.js';
import { autoOrder, installBuiltinBackends } from './builtins.js';
import { BackendUnavailableError, getEntry, type BackendName, type BackendOptions } from './registry.js';

let active: { name: BackendName; tfName: string } | undefined;

/**
 * Selects the TensorFlow.js backend churnkit trains and scores on, loading it if needed, and
 * resolves to the name of the backend now in use.
 *
 * `'auto'` (the default) tries the fastest backend for this runtime first and takes the first
 * that loads — in Node `tensorflow-gpu`, `tensorflow`, `wasm`, `cpu`; in a browser `webgpu`,
 * `webgl`, `wasm`, `cpu`. A backend asked for by name never falls back: if it cannot load, the
 * promise rejects with a {@link BackendUnavailableError} that names the npm package to install.
 *
 * In a browser bundle, import `@tensorflow/tfjs-backend-webgl` (or `-webgpu`) in your app so the
 * bundler includes it; churnkit then finds the registered backend. For `'wasm'` in a browser,
 * pass {@link BackendOptions.wasmPaths}.
 *
 * @example
 * ```ts
 * const name = await useBackend();        // 'wasm' in plain Node, 'webgl' in most browsers
 * await useBackend('cpu');                // exactly cpu, or an error
 * await useBackend('wasm', { wasmPaths: '/static/tfjs/' });
 * ```
 */
export async function useBackend(name: BackendName | 'auto' = 'auto', options: BackendOptions = {}): Promise<BackendName> {
  installBuiltinBackends();
  ensureChainedOps();
  if (name === 'auto') {
    const failures: string[] = [];
    for (const candidate of autoOrder()) {
      try {
        return await activate(candidate, options);
      } catch (error) {
        failures.push(`${candidate}: ${(error as Error).message}`);
      }
    }
    throw new ChurnkitError(`useBackend('auto'): no backend could be loaded.\n${failures.join('\n')}`);
  }
  return activate(name, options);
}

async function activate(name: BackendName, options: BackendOptions): Promise<BackendName> {
  const entry = getEntry(name);
  if (!entry) {
    throw new BackendUnavailableError(
      name,
      "no such backend; use 'auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu' or one added with registerBackend()",
    );
  }
  const tfName = await entry.loader(options);
  let ok = false;
  try {
    ok = await tf.setBackend(tfName);
    await tf.ready();
  } catch (error) {
    throw new BackendUnavailableError(name, `it failed to initialise: ${(error as Error).message}`);
  }
  if (!ok || tf.getBackend() !== tfName) {
    throw new BackendUnavailableError(name, 'it failed to initialise in this runtime');
  }
  active = { name, tfName };
  return name;
}

/**
 * The churnkit name of the backend in use: the last one {@link useBackend} selected, or, if the
 * application set one directly with tfjs, tfjs's own backend name. `undefined` before any is set.
 */
export function currentBackend(): BackendName | undefined {
  const tfName = tf.getBackend();
  if (active !== undefined && tfName === active.tfName) return active.name;
  return tfName || undefined;
}
