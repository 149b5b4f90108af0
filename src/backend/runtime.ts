/** Whether this code runs in Node.js (as opposed to a browser or a worker). @internal */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

/**
 * Imports a package whose name is only known at run time. Bundlers are told not to follow it,
 * so an optional peer that is not installed does not break an application's build.
 * @internal
 */
export function importOptional(specifier: string): Promise<any> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
}

/**
 * Imports a Node-only module (`node:fs`, `@duckdb/node-api`, …) from a code path that only runs
 * in Node. The specifier is hidden from bundlers so a browser bundle of churnkit never tries to
 * resolve it.
 * @internal
 */
export function importNode<T>(specifier: string): Promise<T> {
  return importOptional(specifier) as Promise<T>;
}
