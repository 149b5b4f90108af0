import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ChurnLSTM, Trainer, useBackend } from '../../src/index.js';
import '../../src/kernels/index.js';
import { browserAvailable, launch, type ServedPage } from '../browser/harness.js';
import { fusedTinyRun, type FusedTinyRun } from './fused-tiny-run.js';

/**
 * Like the browser harness's servePage, but leaves `node:` built-ins external: the model's file
 * handler imports node:fs/promises lazily (only for file:// URLs), which a page never reaches.
 * With `worker`, the page starts that bundle as a dedicated Web Worker and publishes what it posts;
 * every response is cross-origin isolated (COOP + COEP), so SharedArrayBuffer exists there.
 */
async function serveKernelPage(entry: string, worker?: string): Promise<ServedPage> {
  const dir = mkdtempSync(join(tmpdir(), 'churnkit-kernel-page-'));
  const bundle = (from: string, to: string) => build({
    entryPoints: [resolve(from)], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    outfile: join(dir, to), logLevel: 'error', external: ['node:*'],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await bundle(entry, 'page.js');
  if (worker) await bundle(worker, 'worker.js');
  const html = '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';
  const files: Record<string, Buffer> = { '/page.js': readFileSync(join(dir, 'page.js')) };
  if (worker) files['/worker.js'] = readFileSync(join(dir, 'worker.js'));
  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const server = createServer((req, res) => {
    const js = files[req.url ?? ''];
    if (js) res.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(js);
    else res.writeHead(200, { 'content-type': 'text/html', ...isolation }).end(html);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(() => { rmSync(dir, { recursive: true, force: true }); ok(); })),
  };
}

type PageResult = FusedTinyRun & { threads: number; kernelThreads: number; error?: string };

describe.runIf(browserAvailable())('the fused kernel in headless Chromium', () => {
  let browser: Browser;
  let page: ServedPage;
  let result: PageResult;

  beforeAll(async () => {
    page = await serveKernelPage('test/kernels/pages/fused.page.ts');
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
    // No blocking wait on a page's main thread: the documented single-thread fallback.
    expect(result.threads).toBe(1);
    expect(result.kernelThreads).toBe(1);
    await useBackend('cpu');
    const node = await fusedTinyRun(ChurnLSTM, Trainer);
    expect(node.kind).toBe('fused');
    node.losses.forEach((l, i) => expect(Math.abs(l - result.losses[i])).toBeLessThan(1e-6));
    node.churn.forEach((p, i) => expect(Math.abs(p - result.churn[i])).toBeLessThan(1e-6));
  });
});

describe.runIf(browserAvailable())('kernel threads in a Web Worker of a cross-origin-isolated page', () => {
  let browser: Browser;
  let page: ServedPage;
  let result: PageResult & { isolated: boolean };

  beforeAll(async () => {
    page = await serveKernelPage('test/kernels/pages/worker-host.page.ts', 'test/kernels/pages/fused-worker.page.ts');
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
    expect(result.threads).toBe(2);
    expect(result.kernelThreads).toBe(2);
    await useBackend('cpu');
    const node = await fusedTinyRun(ChurnLSTM, Trainer);
    node.losses.forEach((l, i) => expect(Math.abs(l - result.losses[i])).toBeLessThan(1e-6));
    node.churn.forEach((p, i) => expect(Math.abs(p - result.churn[i])).toBeLessThan(1e-6));
  });
});
