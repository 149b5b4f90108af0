import type { ScheduleConfig } from './config.js';

/** A learning-rate schedule: the rate for the next epoch given what happened so far. */
export interface LearningRateSchedule {
  /** Called at train start; resets any state so a Trainer can be reused. */
  reset(initial: number): void;
  /** The rate for epoch `epoch` (0-based), given the monitored figure of the previous epoch (lower is better). */
  rateFor(epoch: number, previous: number | undefined): number;
}

/** Builds the schedule for a config. @internal */
export function makeSchedule(config: ScheduleConfig, epochs: number): LearningRateSchedule {
  let initial = 0;
  if (config === 'none') return { reset: (lr) => { initial = lr; }, rateFor: () => initial };
  switch (config.type) {
    case 'step':
      return {
        reset: (lr) => { initial = lr; },
        rateFor: (epoch) => initial * config.factor ** Math.floor(epoch / config.every),
      };
    case 'cosine':
      return {
        reset: (lr) => { initial = lr; },
        rateFor: (epoch) => config.minLearningRate + (initial - config.minLearningRate) * 0.5 * (1 + Math.cos((Math.PI * epoch) / Math.max(1, epochs))),
      };
    case 'plateau': {
      let rate = 0;
      let best = Infinity;
      let wait = 0;
      return {
        reset: (lr) => {
          initial = lr;
          rate = lr;
          best = Infinity;
          wait = 0;
        },
        rateFor: (_epoch, previous) => {
          if (previous === undefined || !Number.isFinite(previous)) return rate;
          if (previous < best - 1e-4) {
            best = previous;
            wait = 0;
          } else if (++wait > config.patience) {
            rate = Math.max(config.minLearningRate, rate * config.factor);
            wait = 0;
          }
          return rate;
        },
      };
    }
  }
}
