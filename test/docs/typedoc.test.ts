import { execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The API reference is part of the product: every public export must carry TSDoc, and typedoc
// runs with warnings as errors. Building it here keeps that true on every change.
describe('API reference', () => {
  it('typedoc builds with no warnings', () => {
    const out = mkdtempSync(join(tmpdir(), 'churnkit-docs-'));
    let output = '';
    try {
      output = execFileSync(process.execPath, ['node_modules/typedoc/bin/typedoc', '--out', out], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`typedoc failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    expect(output).not.toMatch(/\[warning\]|\[error\]/);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });
});
