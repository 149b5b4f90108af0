export type { History, EpochLog } from './history.js';
export { Trainer } from './trainer.js';
export {
  TRAINER_DEFAULTS,
  type TrainerConfig,
  type TrainerOptions,
  type OptimizerConfig,
  type ScheduleConfig,
  type StepSchedule,
  type CosineSchedule,
  type PlateauSchedule,
  type ClassWeights,
  type FocalLoss,
  type EarlyStoppingConfig,
  type LossConfig,
  type CheckpointConfig,
} from './config.js';
export type { TrainingData, FitOptions } from './data.js';
export type { Callback, TrainingContext, BatchLog } from './callbacks.js';
export type { EpochMetrics } from './epoch-metrics.js';
export type { LearningRateSchedule } from './schedules.js';
