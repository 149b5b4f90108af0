import type { TrainableModel } from '../models/model.js';
import type { CheckpointConfig } from './config.js';

/**
 * Writes the model to disk during training: to `<url>/best` whenever the monitored figure
 * improves, or to `<url>/epoch-<n>` after every epoch when `saveBestOnly` is false. Load one with
 * `ChurnLSTM.load(url)`. @internal
 */
export async function writeCheckpoint(model: TrainableModel, config: CheckpointConfig, epoch: number, improved: boolean): Promise<string | undefined> {
  if (config.saveBestOnly && !improved) return undefined;
  const base = config.url.replace(/\/$/, '');
  const url = config.saveBestOnly ? `${base}/best` : `${base}/epoch-${epoch}`;
  await model.save(url);
  return url;
}
