export { useBackend, currentBackend } from './use-backend.js';
export {
  registerBackend,
  BackendUnavailableError,
  BACKEND_PACKAGES,
  type BackendName,
  type BuiltinBackendName,
  type BackendOptions,
  type BackendLoader,
} from './registry.js';
export { ensureChainedOps } from './chained-ops.js';
