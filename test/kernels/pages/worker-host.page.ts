// The page side of fused-worker.page.ts: starts it as a module worker and publishes its message.
const worker = new Worker('/worker.js', { type: 'module' });
(window as unknown as { __result: Promise<unknown> }).__result = new Promise((resolve) => {
  worker.onmessage = (e: MessageEvent) => resolve(e.data);
  worker.onerror = (e: ErrorEvent) => resolve({ error: `worker failed: ${e.message}` });
});
