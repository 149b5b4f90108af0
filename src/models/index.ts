export type { Model, ModelFitOptions, TrainableModel, Predictions, PredictOptions, Heads, SaveResult, ModelBatch, HeadLogits } from './model.js';
export { ChurnLSTM, CHURN_LSTM_DEFAULTS, type ChurnLSTMConfig } from './churn-lstm.js';
export { LogisticBaseline, LOGISTIC_DEFAULTS, type LogisticBaselineConfig } from './logistic-baseline.js';
export { MLPBaseline, MLP_DEFAULTS, type MLPBaselineConfig } from './mlp-baseline.js';
export { loadModel } from './load-model.js';
export { checkModel, ModelContractError, type CheckModelOptions } from './check-model.js';
export { Random } from './random.js';
export * from './encoder/index.js';
