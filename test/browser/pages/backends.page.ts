// Runs inside headless Chromium: train the same seeded ChurnLSTM through churnkit on each backend
// in one page, and publish the numbers for the test to compare.
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { currentBackend, useBackend } from '../../../src/index.js';
import { trainTinyLstm, type TinyRun } from '../../helpers/tiny-lstm.js';

type Outcome = { backend: string; encoder: 'auto' | 'layers'; run?: TinyRun; error?: string };

async function main(): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const encoder of ['layers', 'auto'] as const) {
    for (const name of ['cpu', 'wasm', 'webgl', 'webgpu'] as const) {
      try {
        await useBackend(name, { wasmPaths: '/wasm/' });
        out.push({ backend: currentBackend() ?? '?', encoder, run: await trainTinyLstm(encoder) });
      } catch (error) {
        out.push({ backend: name, encoder, error: String((error as Error).stack ?? error) });
      }
    }
  }
  const auto = await useBackend('auto', { wasmPaths: '/wasm/' });
  out.push({ backend: `auto=${auto}`, encoder: 'auto' });
  return out;
}

(window as unknown as { __result: Promise<Outcome[]> }).__result = main();
