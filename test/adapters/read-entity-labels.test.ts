import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { ValidationError } from '../../src/errors.js';
import { alignEntityLabels, readEntityLabels } from '../../src/adapters/index.js';

const TRUTH = fileURLToPath(new URL('../fixtures/kdd-mini/truth.csv', import.meta.url));

describe('readEntityLabels / alignEntityLabels', () => {
  it('reads entity,label files and aligns them to any entity order', async () => {
    const labels = await readEntityLabels(TRUTH);
    expect(labels.size).toBe(65);
    expect(labels.get('9999')).toBe(1);
    const y = alignEntityLabels(['9999', '9001'], labels);
    expect(y).toEqual(Float32Array.from([1, labels.get('9001')!]));
  });

  it('keeps only the requested entities and maps other column names', async () => {
    const text = 'user,churned\nu1,1\nu2,0\nu3,1\n';
    const labels = await readEntityLabels(Readable.from([text]), { entity: 'user', label: 'churned', only: new Set(['u2', 'u3']) });
    expect([...labels.entries()]).toEqual([['u2', 0], ['u3', 1]]);
  });

  it('lists every bad label line and every entity without a label', async () => {
    const err = await readEntityLabels(Readable.from(['enrollment_id,label\n1,1\n2,yes\n3,2\n'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([['labels', 3, 'label'], ['labels', 4, 'label']]);
    const missing = (() => { try { alignEntityLabels(['a', 'b', 'c'], new Map([['b', 1]])); } catch (e) { return e as ValidationError; } })();
    expect(missing?.issues.map((i) => i.path)).toEqual([['userIds', 0], ['userIds', 2]]);
    await expect(readEntityLabels(Readable.from(['id,y\n']))).rejects.toThrow(/set the entity and label options/);
  });
});
