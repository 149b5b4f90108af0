import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ChurnLSTM, Trainer, useBackend } from '../../src/index.js';
import '../../src/kernels/index.js';
import { browserAvailable, launch, servePage, type ServedPage } from '../browser/harness.js';
import { fusedTinyRun, type FusedTinyRun } from './fused-tiny-run.js';

type PageResult = FusedTinyRun & { threads: number; kernelThreads: number; hostHead: boolean; hostScored: number; error?: string };

/** Runs the same seeded training in Node on the cpu backend and compares losses and predictions to 1e-6. */
async function expectSameAsNode(result: PageResult): Promise<void> {
  await useBackend('cpu');
  const node = await fusedTinyRun(ChurnLSTM, Trainer);
  expect(node.kind).toBe('fused');
  node.losses.forEach((l, i) => expect(Math.abs(l - result.losses[i])).toBeLessThan(1e-6));
  node.churn.forEach((p, i) => expect(Math.abs(p - result.churn[i])).toBeLessThan(1e-6));
}

describe.runIf(browserAvailable())('the fused kernel in headless Chromium', () => {
  let browser: Browser;
  let page: ServedPage;
  let result: PageResult;

  beforeAll(async () => {
    // The model's file handler imports node:fs/promises lazily (only for file:// URLs), which a page never reaches.
    page = await servePage('test/kernels/pages/fused.page.ts', { nodeExternal: true });
    browser = await launch();
    const tab = await browser.newPage();
    await tab.goto(page.url);
    await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 90_000 });
    result = await tab.evaluate(() => (window as unknown as { __result: Promise<PageResult> }).__result);
  });

  afterAll(async () => {
    await browser?.close();
    await page?.close();
  });

  it('trains ChurnLSTM through the fused kernel and matches Node number for number', async () => {
    expect(result.error).toBeUndefined();
    expect(result.kind).toBe('fused');
    // The head ran as the same host op as in Node, and predict (the Trainer's too) scored on arrays.
    expect(result.hostHead).toBe(true);
    expect(result.hostScored).toBeGreaterThan(0);
    // No blocking wait on a page's main thread: the documented single-thread fallback.
    expect(result.threads).toBe(1);
    expect(result.kernelThreads).toBe(1);
    await expectSameAsNode(result);
  });
});

describe.runIf(browserAvailable())('kernel threads in a Web Worker of a cross-origin-isolated page', () => {
  let browser: Browser;
  let page: ServedPage;
  let result: PageResult & { isolated: boolean };

  beforeAll(async () => {
    page = await servePage('test/kernels/pages/worker-host.page.ts', {
      worker: 'test/kernels/pages/fused-worker.page.ts', isolated: true, nodeExternal: true,
    });
    browser = await launch();
    const tab = await browser.newPage();
    await tab.goto(page.url);
    await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 90_000 });
    result = await tab.evaluate(() => (window as unknown as { __result: Promise<PageResult & { isolated: boolean }> }).__result);
  });

  afterAll(async () => {
    await browser?.close();
    await page?.close();
  });

  it('trains on 2 kernel threads (nested Web Workers) and matches Node number for number', async () => {
    expect(result.error).toBeUndefined();
    expect(result.isolated).toBe(true);
    expect(result.kind).toBe('fused');
    expect(result.hostHead).toBe(true);
    expect(result.hostScored).toBeGreaterThan(0);
    expect(result.threads).toBe(2);
    expect(result.kernelThreads).toBe(2);
    await expectSameAsNode(result);
  });
});
