import * as tf from '@tensorflow/tfjs-core';
import type { TrainableModel } from '../models/model.js';

/**
 * Tracks the monitored figure, keeps a copy of the best epoch's weights, and says when patience has
 * run out. `restore()` puts the best weights back (tfjs-layers' EarlyStopping cannot). With
 * `patience` undefined it never stops but still restores the best epoch. @internal
 */
export class BestWeights {
  private best = Infinity;
  private bestWeights: tf.NamedTensorMap | undefined;
  private wait = 0;
  /** The epoch whose weights are kept. */
  bestEpoch = -1;

  constructor(private readonly minDelta: number, private readonly patience: number | undefined) {}

  /** Records an epoch's figure (lower is better); returns whether it improved. */
  update(epoch: number, value: number, model: TrainableModel): boolean {
    if (!(value < this.best - this.minDelta) && this.bestEpoch >= 0) {
      this.wait++;
      return false;
    }
    if (Number.isNaN(value) && this.bestEpoch >= 0) return false;
    this.best = value;
    this.bestEpoch = epoch;
    this.wait = 0;
    if (this.bestWeights) tf.dispose(Object.values(this.bestWeights));
    this.bestWeights = model.getWeights();
    return true;
  }

  /** True once `patience` epochs passed without improvement. */
  get shouldStop(): boolean {
    return this.patience !== undefined && this.wait >= Math.max(1, this.patience);
  }

  /** Puts the best weights back into the model. */
  restore(model: TrainableModel): void {
    if (this.bestWeights) model.setWeights(this.bestWeights);
  }

  /** Frees the copy. */
  dispose(): void {
    if (this.bestWeights) tf.dispose(Object.values(this.bestWeights));
    this.bestWeights = undefined;
  }
}
