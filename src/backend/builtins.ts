import { BackendUnavailableError, registerBuiltin, tfHasBackend, type BackendOptions, type BuiltinBackendName } from './registry.js';
import { importOptional, isNode } from './runtime.js';

// Every built-in loader first looks for a tfjs backend an application already registered (by
// importing the package itself, which is what a browser bundle should do for webgl and webgpu),
// and otherwise imports the package. cpu and wasm are dependencies of churnkit and are imported
// with literal specifiers so that bundlers include them; the others are optional peers.

function missing(name: BuiltinBackendName, pkg: string, error: unknown): BackendUnavailableError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const notInstalled = /Cannot find (module|package)|Failed to resolve|ERR_MODULE_NOT_FOUND|Failed to fetch dynamically/i.test(reason);
  return new BackendUnavailableError(name, notInstalled ? `${pkg} is not installed` : reason, pkg);
}

async function loadPeer(name: BuiltinBackendName, tfName: string, pkg: string, nodeOnly: boolean): Promise<string> {
  // tfjs-node and tfjs-node-gpu both register 'tensorflow'; only the package import tells them apart.
  if (tfHasBackend(tfName) && name !== 'tensorflow-gpu') return tfName;
  if (nodeOnly && !isNode()) throw new BackendUnavailableError(name, 'it runs only in Node.js');
  if (!nodeOnly && isNode()) {
    throw new BackendUnavailableError(name, 'it needs a browser (WebGL/WebGPU); in Node use wasm, cpu or tensorflow');
  }
  try {
    await importOptional(pkg);
  } catch (error) {
    throw missing(name, pkg, error);
  }
  if (!tfHasBackend(tfName)) throw new BackendUnavailableError(name, `${pkg} loaded but registered no '${tfName}' backend`);
  return tfName;
}

async function loadWasm(options: BackendOptions): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (options.wasmPaths !== undefined) {
    wasm.setWasmPaths(options.wasmPaths as string, true);
  }
  return 'wasm';
}

let installed = false;

/** @internal */
export function installBuiltinBackends(): void {
  if (installed) return;
  installed = true;
  registerBuiltin('cpu', async () => {
    if (!tfHasBackend('cpu')) await import('@tensorflow/tfjs-backend-cpu');
    return 'cpu';
  });
  registerBuiltin('wasm', loadWasm);
  registerBuiltin('webgl', () => loadPeer('webgl', 'webgl', '@tensorflow/tfjs-backend-webgl', false));
  registerBuiltin('webgpu', () => loadPeer('webgpu', 'webgpu', '@tensorflow/tfjs-backend-webgpu', false));
  registerBuiltin('tensorflow', () => loadPeer('tensorflow', 'tensorflow', '@tensorflow/tfjs-node', true));
  registerBuiltin('tensorflow-gpu', () => loadPeer('tensorflow-gpu', 'tensorflow', '@tensorflow/tfjs-node-gpu', true));
}

/** The order 'auto' tries, fastest first, for this runtime. @internal */
export function autoOrder(): BuiltinBackendName[] {
  return isNode() ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : ['webgpu', 'webgl', 'wasm', 'cpu'];
}
