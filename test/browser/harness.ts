import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser tests can run here. In CI a missing browser is a failure, not a skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run must apt-get install chromium`);
  console.warn(`[browser tests] skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
  return false;
}

const FLAGS = [
  '--no-sandbox',
  '--headless',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--use-angle=swiftshader',
];

/** Launches headless Chromium with the flags this machine needs. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** A page bundled from a TypeScript entry and served on loopback, with tfjs's wasm binaries under /wasm/. */
export interface ServedPage {
  url: string;
  close(): Promise<void>;
}

/** How {@link servePage} bundles and serves a page. */
export interface ServeOptions {
  /** Also bundle this entry as /worker.js (the page starts it as a module Web Worker). */
  readonly worker?: string;
  /** Send COOP + COEP with every response, so the page (and its workers) are cross-origin isolated. */
  readonly isolated?: boolean;
  /** Leave `node:` built-ins out of the bundle, for code that imports them only on paths a page never takes. */
  readonly nodeExternal?: boolean;
}

/** Bundles `entry` for the browser (all dependencies included) and serves it on 127.0.0.1. */
export async function servePage(entry: string, options: ServeOptions = {}): Promise<ServedPage> {
  const dir = mkdtempSync(join(tmpdir(), 'churnkit-browser-'));
  const bundle = (from: string, to: string) => build({
    entryPoints: [resolve(from)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, to),
    logLevel: 'error',
    external: options.nodeExternal ? ['node:*'] : [],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await bundle(entry, 'page.js');
  if (options.worker) await bundle(options.worker, 'worker.js');
  const isolation = options.isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
  const wasmDir = resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDir, f), join(dir, f));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>churnkit</title><script type="module" src="/page.js"></script>');
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const file = join(dir, path === '/' ? 'index.html' : path.replace(/^\/(wasm\/)?/, ''));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...isolation });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(() => { rmSync(dir, { recursive: true, force: true }); ok(); })),
  };
}
