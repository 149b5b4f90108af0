import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// churnkit as another application sees it: the built package, installed through a `file:`
// dependency, loaded with require() and with import(), its types checked under both
// moduleResolution "node16" and "bundler".
const root = resolve('.');
let app: string;

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const TRAIN_STEP = `
  const losses = {};
  for (const name of ['cpu', 'wasm']) {
    await ck.useBackend(name);
    const n = 16, steps = 6, f = 3, s = 2;
    const sequences = new Float32Array(n * steps * f).map((_, i) => Math.sin(i * 0.31));
    const statics = new Float32Array(n * s).map((_, i) => Math.cos(i * 0.7));
    const features = {
      userIds: Array.from({ length: n }, (_, i) => 'u' + i),
      sequences, statics, mask: new Float32Array(n * steps).fill(1),
      shape: { users: n, steps, sequenceFeatures: f, staticFeatures: s },
      sequenceFeatureNames: ['a', 'b', 'c'], staticFeatureNames: ['x', 'y'],
    };
    const churn = Float32Array.from({ length: n }, (_, i) => i % 2);
    const model = new ck.ChurnLSTM({ units: 4, seed: 7, heads: { churn: true, renew: false } });
    const history = await new ck.Trainer({ epochs: 1, batchSize: n, seed: 7, verbose: 0 }).fit(model, { features, churn });
    losses[name] = history.epochs[0].loss;
    model.dispose();
  }
  console.log(JSON.stringify({ backend: ck.currentBackend(), losses }));
`;

describe('the built package from another app', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist/index.js')) || !existsSync(join(root, 'dist/index.cjs'))) {
      execFileSync(process.execPath, [join(root, 'node_modules/tsup/dist/cli-default.js')], { cwd: root, stdio: 'ignore' });
    }
    app = mkdtempSync(join(tmpdir(), 'churnkit-app-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, dependencies: { churnkit: `file:${root}` } }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, stdio: 'ignore' });
  });

  it('loads with require() and trains one step on cpu and wasm to the same loss', () => {
    writeFileSync(join(app, 'main.cjs'), `const ck = require('churnkit');\n(async () => {${TRAIN_STEP}})().catch((e) => { console.error(e); process.exit(1); });`);
    const out = JSON.parse(node(['main.cjs']).trim().split('\n').pop()!);
    expect(out.backend).toBe('wasm');
    expect(Number.isFinite(out.losses.cpu)).toBe(true);
    expect(Math.abs(out.losses.cpu - out.losses.wasm)).toBeLessThan(1e-4);
  });

  it('loads with import() and trains one step on cpu and wasm to the same loss', () => {
    writeFileSync(join(app, 'main.mjs'), `const ck = await import('churnkit');\n${TRAIN_STEP}`);
    const out = JSON.parse(node(['main.mjs']).trim().split('\n').pop()!);
    expect(Math.abs(out.losses.cpu - out.losses.wasm)).toBeLessThan(1e-4);
  });

  it("rejects useBackend('tensorflow') and names @tensorflow/tfjs-node", () => {
    writeFileSync(join(app, 'tf.mjs'), `const ck = await import('churnkit');\ntry { await ck.useBackend('tensorflow'); console.log('resolved'); } catch (e) { console.log(e.message); }`);
    expect(node(['tf.mjs'])).toMatch(/npm install @tensorflow\/tfjs-node\b/);
  });

  it.each(['node16', 'bundler'])('types resolve under moduleResolution %s', (resolution) => {
    const module = resolution === 'node16' ? 'node16' : 'esnext';
    writeFileSync(join(app, 'esm.mts'), `import { useBackend, type BackendName } from 'churnkit';\nconst name: BackendName = await useBackend('cpu');\nexport const s: string = name;\n`);
    writeFileSync(join(app, 'cjs.cts'), `import ck = require('churnkit');\nexport const p: Promise<ck.BackendName> = ck.useBackend('cpu');\n`);
    const files = resolution === 'node16' ? ['esm.mts', 'cjs.cts'] : ['esm.mts'];
    writeFileSync(join(app, `tsconfig.${resolution}.json`), JSON.stringify({
      compilerOptions: { module, moduleResolution: resolution, target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files,
    }));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      output = node([tsc, '-p', `tsconfig.${resolution}.json`]);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toBe('');
  });
});
