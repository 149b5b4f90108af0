import * as tf from '@tensorflow/tfjs-core';
import { ChurnkitError } from '../errors.js';

/** The backends churnkit knows by name. `'auto'` picks the fastest one that loads here. */
export type BuiltinBackendName = 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** A backend name: a built-in one, or one added with {@link registerBackend}. */
export type BackendName = BuiltinBackendName | (string & {});

/** Options for loading a backend. */
export interface BackendOptions {
  /**
   * Where the browser fetches tfjs's `.wasm` binaries from, for `'wasm'`: a URL prefix ending in `/`
   * (e.g. `'/assets/tfjs-wasm/'`) or a map from file name to URL. Copy the files from
   * `node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm` to that place. Not needed in Node, where
   * the binaries are read from the installed package.
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
}

/**
 * Makes a backend available to tfjs-core. It must register a tfjs backend (with
 * `tf.registerBackend`, or by importing a backend package) and resolve to the tfjs backend name.
 */
export type BackendLoader = (options: BackendOptions) => Promise<string>;

/** Thrown when a backend cannot be loaded; names the npm package to install when one is missing. */
export class BackendUnavailableError extends ChurnkitError {
  constructor(
    /** The churnkit backend name that was asked for. */
    readonly backend: string,
    reason: string,
    /** The npm package that provides it, when installing it would help. */
    readonly packageName?: string,
  ) {
    super(
      packageName
        ? `Backend '${backend}' is not available: ${reason}. Install it with \`npm install ${packageName}\`.`
        : `Backend '${backend}' is not available: ${reason}.`,
    );
  }
}

interface Entry {
  readonly loader: BackendLoader;
  readonly packageName?: string;
}

const registry = new Map<string, Entry>();

/** The npm package behind each built-in backend. */
export const BACKEND_PACKAGES: Readonly<Record<BuiltinBackendName, string>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  webgl: '@tensorflow/tfjs-backend-webgl',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/**
 * Adds a backend under `name`, or replaces the loader of an existing one. The loader runs the
 * first time `useBackend(name)` is called.
 *
 * @example
 * ```ts
 * registerBackend('my-npu', async () => {
 *   await import('my-tfjs-npu-backend'); // registers 'npu' with tfjs-core
 *   return 'npu';
 * });
 * await useBackend('my-npu');
 * ```
 */
export function registerBackend(name: string, loader: BackendLoader): void {
  if (typeof name !== 'string' || name.length === 0 || name === 'auto') {
    throw new ChurnkitError(`registerBackend: name must be a non-empty string other than 'auto', got ${JSON.stringify(name)}.`);
  }
  if (typeof loader !== 'function') {
    throw new ChurnkitError(`registerBackend('${name}'): loader must be a function returning a Promise of the tfjs backend name.`);
  }
  registry.set(name, { loader });
}

/** @internal */
export function registerBuiltin(name: BuiltinBackendName, loader: BackendLoader): void {
  registry.set(name, { loader, packageName: BACKEND_PACKAGES[name] });
}

/** @internal */
export function getEntry(name: string): Entry | undefined {
  return registry.get(name);
}

/** @internal Whether tfjs-core already has a factory for `tfName` (an app imported the package itself). */
export function tfHasBackend(tfName: string): boolean {
  return tf.findBackendFactory(tfName) != null;
}
