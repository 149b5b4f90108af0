import type { TrainableModel } from '../models/model.js';
import type { EpochLog } from './history.js';

/** What a callback can see and do during training. */
export interface TrainingContext {
  /** The model being trained. */
  readonly model: TrainableModel;
  /** The maximum number of epochs. */
  readonly epochs: number;
  /** Gradient steps per epoch. */
  readonly batchesPerEpoch: number;
  /** Ends training after the current epoch. */
  stopTraining(): void;
}

/** The figures of one gradient step. */
export interface BatchLog {
  /** 0-based epoch. */
  readonly epoch: number;
  /** 0-based batch within the epoch. */
  readonly batch: number;
  /** The batch's training loss. */
  readonly loss: number;
}

/**
 * Hooks into training. Every method is optional and may return a Promise, which the Trainer
 * awaits. `onTrainBegin` is where a callback resets its state, so one instance can serve many fits.
 */
export interface Callback {
  /** Before the first epoch. */
  onTrainBegin?(context: TrainingContext): void | Promise<void>;
  /** After every gradient step. */
  onBatchEnd?(log: BatchLog, context: TrainingContext): void | Promise<void>;
  /** After every epoch, with that epoch's figures. */
  onEpochEnd?(log: EpochLog, context: TrainingContext): void | Promise<void>;
  /** After the last epoch, once the best weights are restored. */
  onTrainEnd?(context: TrainingContext): void | Promise<void>;
}

/** Calls one hook on every callback in order. @internal */
export async function callAll<K extends keyof Callback>(
  callbacks: readonly Callback[],
  hook: K,
  ...args: Parameters<NonNullable<Callback[K]>>
): Promise<void> {
  for (const cb of callbacks) {
    const fn = cb[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
    if (fn) await fn.apply(cb, args);
  }
}
