import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecurrentKernel } from '../../src/kernels/index.js';
import { instantiateRecurrent, recurrentWasmBytes } from '../../src/kernels/load.js';
import { randomCase } from './reference.js';

function hasToolchain(): boolean {
  const dirs = (process.env.PATH ?? '').split(':');
  const found = (names: string[]): boolean => names.some((n) => dirs.some((d) => existsSync(join(d, n))));
  return found(['clang', 'clang-14', 'clang-15', 'clang-16']) && found(['wasm-ld', 'wasm-ld-14', 'wasm-ld-15', 'wasm-ld-16']);
}

// In CI the toolchain must be there (apt: clang lld); locally the test is skipped without it.
const run = hasToolchain() || process.env.CI ? it : it.skip;

describe('the committed kernel module is what src/kernels/c builds', () => {
  run('rebuilding from C gives the committed bytes and the same numbers', () => {
    const out = mkdtempSync(join(tmpdir(), 'churnkit-kernels-'));
    try {
      execFileSync('bash', ['scripts/build-kernels.sh', out], { stdio: 'pipe' });
      const rebuilt = new Uint8Array(readFileSync(join(out, 'wasm', 'recurrent.wasm')));
      const committed = recurrentWasmBytes();
      const committedFile = new Uint8Array(readFileSync('src/kernels/wasm/recurrent.wasm'));
      expect(Buffer.from(committedFile).equals(Buffer.from(committed))).toBe(true);
      // Numbers first (a different clang release may legitimately emit different bytes).
      const c = randomCase('lstm', { batch: 6, steps: 5, features: 4, units: 8 }, 5);
      const run1 = (k: RecurrentKernel): Float32Array[] => {
        const f = k.forward({
          cell: 'lstm', shape: c.shape, x: c.x, mask: c.mask, recurrentActivation: 'sigmoid', keepTape: true,
          weights: { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias },
        });
        const g = k.backward(f.tape!, { dH: c.gH });
        return [f.h, g.dKernel, g.dRecurrentKernel, g.dBias, g.dX!];
      };
      const a = run1(new RecurrentKernel());
      const b = run1(new RecurrentKernel(instantiateRecurrent(new WebAssembly.Module(rebuilt))));
      for (let i = 0; i < a.length; i++) expect(Array.from(b[i])).toEqual(Array.from(a[i]));
      const clang = execFileSync('bash', ['-c', 'clang --version 2>/dev/null || clang-14 --version'], { encoding: 'utf8' });
      // The committed module was built with Debian bookworm's clang 14: same compiler, same bytes.
      if (/version 14\./.test(clang)) expect(Buffer.from(rebuilt).equals(Buffer.from(committed))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
