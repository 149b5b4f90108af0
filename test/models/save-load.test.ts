import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChurnLSTM, LogisticBaseline, MLPBaseline, Trainer, loadModel, useBackend } from '../../src/index.js';
import { syntheticData } from './synthetic.js';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  await useBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'churnkit-save-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('save / load', () => {
  it('writes model.json + weights.bin and loads back identical predictions without leaking tensors', async () => {
    const data = syntheticData(150, 11);
    const start = tf.memory().numTensors;
    const model = new ChurnLSTM({ units: 8, cell: 'gru' });
    await new Trainer({ verbose: 0, epochs: 2, batchSize: 50 }).fit(model, data);
    const expected = await model.predict(data.features);
    const before = tf.memory().numTensors;
    const url = `file://${dir}/gru`;
    const saved = await model.save(url);
    expect(tf.memory().numTensors).toBe(before);
    expect(saved.weightBytes).toBeGreaterThan(0);
    expect((await readdir(`${dir}/gru`)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(`${dir}/gru/model.json`, 'utf8'));
    expect(json.modelTopology.className).toBe('ChurnLSTM');
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toContain('encoder/layer0/recurrentKernel');

    const loaded = await ChurnLSTM.load(url);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    expect(loaded.getConfig()).toEqual(model.getConfig());
    const got = await loaded.predict(data.features);
    expect(Array.from(got.churn)).toEqual(Array.from(expected.churn));
    expect(Array.from(got.renew!)).toEqual(Array.from(expected.renew!));
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
    // Also loadable as `${url}/model.json` and through loadModel().
    const any = await loadModel(`${url}/model.json`);
    expect(any.className).toBe('ChurnLSTM');
    any.dispose();
  });

  it('predicts identically in another process', async () => {
    const data = syntheticData(80, 12);
    const model = new ChurnLSTM({ units: 8 });
    await new Trainer({ verbose: 0, epochs: 2, batchSize: 40 }).fit(model, data);
    const expected = await model.predict(data.features);
    const url = `file://${dir}/lstm`;
    await model.save(url);
    model.dispose();
    const input = join(dir, 'features.json');
    await writeFile(input, JSON.stringify({ ...data.features, sequences: Array.from(data.features.sequences), mask: Array.from(data.features.mask), statics: Array.from(data.features.statics) }));
    const script = join(process.cwd(), 'test/models/predict-in-child.ts');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, url, input], { cwd: process.cwd(), maxBuffer: 1 << 24 });
    const child = JSON.parse(stdout.trim().split('\n').pop()!) as { churn: number[]; renew: number[]; leaked: number };
    expect(child.leaked).toBe(0);
    expect(child.churn).toEqual(Array.from(expected.churn));
    expect(child.renew).toEqual(Array.from(expected.renew!));
  });

  it('saves and loads both baselines, and refuses the wrong class', async () => {
    const data = syntheticData(120, 13);
    for (const model of [new LogisticBaseline(), new MLPBaseline({ hidden: [8] })]) {
      await new Trainer({ verbose: 0, epochs: 2, batchSize: 40 }).fit(model, data);
      const expected = await model.predict(data.features);
      const url = `file://${dir}/${model.className}`;
      await model.save(url);
      const loaded = await loadModel(url);
      expect(loaded.className).toBe(model.className);
      expect(Array.from((await loaded.predict(data.features)).churn)).toEqual(Array.from(expected.churn));
      loaded.dispose();
      model.dispose();
    }
    await expect(ChurnLSTM.load(`file://${dir}/MLPBaseline`)).rejects.toThrow(/holds a MLPBaseline, not a ChurnLSTM/);
  });
});
