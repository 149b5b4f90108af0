import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launch, servePage, type ServedPage } from './harness.js';
import { useBackend } from '../../src/index.js';
import { trainTinyLstm, type TinyRun } from '../helpers/tiny-lstm.js';

type Outcome = { backend: string; run?: TinyRun; error?: string };

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
    console.log('[browser] ' + outcomes.map((o) => `${o.backend}: ${o.error ? 'error ' + o.error.split('\n')[0] : 'loss ' + o.run?.losses.at(-1)?.toFixed(6)}`).join('; '));
    if (outcomes.some((o) => o.error)) console.log(JSON.stringify(outcomes.filter((o) => o.error), null, 1), logs.join('\n'));
  });

  afterAll(async () => {
    await browser?.close();
    await page?.close();
  });

  const run = (name: string) => {
    const o = outcomes.find((x) => x.backend === name);
    expect(o?.error, `${name} failed in the page`).toBeUndefined();
    expect(o?.run).toBeDefined();
    return o!.run!;
  };

  it('trains on cpu in the page without leaking tensors', () => {
    const cpu = run('cpu');
    expect(cpu.losses).toHaveLength(3);
    expect(cpu.losses.every(Number.isFinite)).toBe(true);
    expect(cpu.leakedTensors).toBe(0);
  });

  it.each(['webgl', 'wasm'])('%s matches cpu to 1e-4 in losses and predictions', (name) => {
    const cpu = run('cpu');
    const other = run(name);
    expect(other.leakedTensors).toBe(0);
    for (let i = 0; i < cpu.losses.length; i++) expect(Math.abs(other.losses[i] - cpu.losses[i])).toBeLessThan(1e-4);
    for (let i = 0; i < cpu.predictions.length; i++) expect(Math.abs(other.predictions[i] - cpu.predictions[i])).toBeLessThan(1e-4);
  });

  it("'auto' picks a GPU backend in the browser", () => {
    const auto = outcomes.find((o) => o.backend.startsWith('auto='))!.backend;
    expect(['auto=webgpu', 'auto=webgl']).toContain(auto);
  });

  it('the browser numbers equal Node cpu numbers to 1e-4', async () => {
    await useBackend('cpu');
    const node = await trainTinyLstm();
    const cpu = run('cpu');
    for (let i = 0; i < cpu.losses.length; i++) expect(Math.abs(node.losses[i] - cpu.losses[i])).toBeLessThan(1e-4);
  });
});
