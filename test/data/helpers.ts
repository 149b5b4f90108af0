import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Reject, ReadStats } from '../../src/data/index.js';

/** Path of a file in test/fixtures/data. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/data/${name}`, import.meta.url));
}

/** Every test ends here: counts reconcile and every rejected record has a reject. */
export function expectReconciled(result: { stats: ReadStats; rejects: readonly Reject[] }): void {
  const { stats, rejects } = result;
  expect(stats.read).toBe(stats.accepted + stats.rejected);
  expect(rejects.length).toBe(stats.rejected);
  expect(rejects.filter((r) => r.code === 'duplicate').length).toBe(stats.duplicates);
}

/** A valid view event, with overrides. */
export function view(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'view', userId: 'u1', timestamp: Date.UTC(2024, 2, 1), courseId: 'c1', watchSeconds: 60, progress: 0.25, ...overrides };
}

/** Instants used across tests. */
export const MARCH_1 = Date.UTC(2024, 2, 1);
export const NOW = Date.UTC(2024, 5, 1);
