import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launch, servePage, type ServedPage } from './harness.js';
import { useBackend } from '../../src/index.js';
import { trainTinyLstm, type TinyRun } from '../helpers/tiny-lstm.js';

type Outcome = { backend: string; encoder: 'auto' | 'layers'; run?: TinyRun; error?: string };

const close = (a: number[], b: number[], tol: number) => {
  expect(a).toHaveLength(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `index ${i}: ${a[i]} vs ${b[i]}`).toBeLessThan(tol);
};

describe.runIf(browserAvailable())('churnkit in headless Chromium', () => {
  let browser: Browser;
  let page: ServedPage;
  let outcomes: Outcome[];

  beforeAll(async () => {
    page = await servePage('test/browser/pages/backends.page.ts');
    browser = await launch();
    const tab = await browser.newPage();
    const logs: string[] = [];
    tab.on('console', (m) => logs.push(m.text()));
    tab.on('pageerror', (e) => logs.push(String(e)));
    await tab.goto(page.url);
    await tab.waitForFunction(() => (window as any).__result !== undefined, null, { timeout: 60_000 });
    outcomes = await tab.evaluate(() => (window as any).__result);
    console.log('[browser] ' + outcomes.map((o) => `${o.backend}/${o.run?.encoder ?? o.encoder}: ${o.error ? 'error ' + o.error.split('\n')[0] : 'loss ' + o.run?.losses.at(-1)?.toFixed(7)}`).join('; '));
    if (outcomes.some((o) => o.error)) console.log(logs.join('\n'));
  });

  afterAll(async () => {
    await browser?.close();
    await page?.close();
  });

  const run = (name: string, encoder: 'auto' | 'layers' = 'layers') => {
    const o = outcomes.find((x) => x.backend === name && x.encoder === encoder);
    expect(o?.error, `${name} failed in the page`).toBeUndefined();
    expect(o?.run).toBeDefined();
    return o!.run!;
  };

  it('trains ChurnLSTM on cpu in the page without leaking tensors', () => {
    const cpu = run('cpu');
    expect(cpu.losses).toHaveLength(3);
    expect(cpu.losses.every(Number.isFinite)).toBe(true);
    expect(cpu.losses[2]).toBeLessThan(cpu.losses[0]);
    expect(cpu.leakedTensors).toBe(0);
  });

  it.each(['webgl', 'wasm'])('%s matches cpu to 1e-4 in losses and predictions', (name) => {
    const cpu = run('cpu');
    const other = run(name);
    expect(other.leakedTensors).toBe(0);
    close(other.losses, cpu.losses, 1e-4);
    close(other.predictions, cpu.predictions, 1e-4);
  });

  it('the default path (fused kernel on cpu and wasm, layers on webgl) agrees across backends', () => {
    const cpu = run('cpu', 'auto');
    const wasm = run('wasm', 'auto');
    const webgl = run('webgl', 'auto');
    expect(cpu.encoder).toBe('fused');
    expect(wasm.encoder).toBe('fused');
    expect(webgl.encoder).toBe('layers');
    close(wasm.losses, cpu.losses, 1e-5);
    close(webgl.losses, cpu.losses, 1e-4);
    close(webgl.predictions, cpu.predictions, 1e-4);
  });

  it("'auto' picks a GPU backend in the browser", () => {
    const auto = outcomes.find((o) => o.backend.startsWith('auto='))!.backend;
    expect(['auto=webgpu', 'auto=webgl']).toContain(auto);
  });

  it('the browser numbers equal Node cpu numbers to 1e-4', async () => {
    await useBackend('cpu');
    const node = await trainTinyLstm('layers');
    close(node.losses, run('cpu').losses, 1e-4);
    close(node.predictions, run('cpu').predictions, 1e-4);
  });
});
