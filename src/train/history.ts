/** What the Trainer measured in one epoch. Validation figures are present when validation data was given. */
export interface EpochLog {
  /** 0-based epoch number. */
  readonly epoch: number;
  /** Mean training loss over the epoch's batches. */
  readonly loss: number;
  /** Loss on the validation data. */
  readonly valLoss?: number;
  /** Accuracy at threshold 0.5 on the validation data (or training data when there is none). */
  readonly accuracy?: number;
  /** Precision at threshold 0.5, same data as `accuracy`. */
  readonly precision?: number;
  /** Recall at threshold 0.5, same data as `accuracy`. */
  readonly recall?: number;
  /** F1 at threshold 0.5, same data as `accuracy`. */
  readonly f1?: number;
  /** ROC AUC, same data as `accuracy`. */
  readonly auc?: number;
  /** Learning rate in force during the epoch. */
  readonly learningRate?: number;
  /** Wall-clock seconds the epoch took. */
  readonly seconds?: number;
}

/** The per-epoch record of one `Trainer.fit` run. */
export interface History {
  /** One entry per epoch run, in order. */
  readonly epochs: readonly EpochLog[];
  /** The epoch whose weights the model holds at the end (the best one when early stopping restored it). */
  readonly bestEpoch: number;
  /** Whether early stopping ended training before the last epoch. */
  readonly stoppedEarly: boolean;
}
