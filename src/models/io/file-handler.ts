import type * as tf from '@tensorflow/tfjs-core';
import { importNode } from '../../backend/runtime.js';

type ModelArtifacts = tf.io.ModelArtifacts;
type SaveResult = tf.io.SaveResult;

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/** `file:///a/b` or `file://a/b` → the directory and the model.json path. */
function resolvePaths(url: string): { dir: string; json: string } {
  const raw = decodeURIComponent(url.slice('file://'.length));
  if (raw.endsWith('.json')) {
    const cut = raw.lastIndexOf('/');
    return { dir: cut >= 0 ? raw.slice(0, cut) || '/' : '.', json: raw };
  }
  return { dir: raw, json: `${raw.replace(/\/$/, '')}/${MODEL_FILE}` };
}

/** Concatenates tfjs 4.x weight data (one buffer or several shards). */
function toBuffer(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  if (Array.isArray(data)) {
    const total = data.reduce((n, b) => n + b.byteLength, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const b of data) {
      out.set(new Uint8Array(b), offset);
      offset += b.byteLength;
    }
    return out;
  }
  return new Uint8Array(data as ArrayBuffer);
}

/**
 * A tfjs IOHandler for `file://` URLs in Node, writing the same layout as tfjs-node
 * (`model.json` with a weights manifest plus `weights.bin`), so churnkit does not need
 * tfjs-node. `node:fs` is imported lazily so browser bundles never see it. @internal
 */
export function fileHandler(url: string): tf.io.IOHandler {
  const { dir, json } = resolvePaths(url);
  return {
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
      const weights = toBuffer(artifacts.weightData);
      await fs.mkdir(dir, { recursive: true });
      const manifest = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      // Write to temporary names and rename, so a crash never leaves a half-written model behind.
      const binPath = `${dir}/${WEIGHTS_FILE}`;
      await fs.writeFile(`${binPath}.tmp`, weights);
      await fs.writeFile(`${json}.tmp`, JSON.stringify(manifest));
      await fs.rename(`${binPath}.tmp`, binPath);
      await fs.rename(`${json}.tmp`, json);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load(): Promise<ModelArtifacts> {
      const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
      const manifest = JSON.parse(await fs.readFile(json, 'utf8')) as {
        modelTopology: object;
        format?: string;
        generatedBy?: string;
        userDefinedMetadata?: Record<string, unknown>;
        weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
      };
      const baseDir = json.slice(0, Math.max(json.lastIndexOf('/'), 0)) || '.';
      const specs: tf.io.WeightsManifestEntry[] = [];
      const parts: Uint8Array[] = [];
      for (const group of manifest.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) parts.push(new Uint8Array(await fs.readFile(`${baseDir}/${p}`)));
      }
      const total = parts.reduce((n, p) => n + p.byteLength, 0);
      const data = new Uint8Array(total);
      let offset = 0;
      for (const p of parts) {
        data.set(p, offset);
        offset += p.byteLength;
      }
      return {
        modelTopology: manifest.modelTopology,
        format: manifest.format,
        generatedBy: manifest.generatedBy,
        userDefinedMetadata: manifest.userDefinedMetadata as ModelArtifacts["userDefinedMetadata"],
        weightSpecs: specs,
        weightData: data.buffer,
      };
    },
  };
}
