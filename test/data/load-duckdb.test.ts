import { describe, expect, it } from 'vitest';
import { importDuckDB, loadDuckDB } from '../../src/data/duckdb/load-duckdb.js';
import { NotSupportedError } from '../../src/errors.js';

describe('the optional DuckDB peer', () => {
  it('loads @duckdb/node-api lazily, once', async () => {
    const first = await loadDuckDB();
    expect(typeof first.DuckDBInstance.create).toBe('function');
    expect(await loadDuckDB()).toBe(first);
  });

  it('names @duckdb/node-api and how to install it when the import fails', async () => {
    // A real dynamic import of a package that is not installed, as in a browser build without DuckDB.
    const missing = 'churnkit-test-package-that-does-not-exist';
    const attempt = importDuckDB(() => import(/* @vite-ignore */ missing));
    await expect(attempt).rejects.toBeInstanceOf(NotSupportedError);
    await expect(importDuckDB(() => import(/* @vite-ignore */ missing))).rejects.toThrow(/@duckdb\/node-api.*npm install @duckdb\/node-api/s);
  });
});
