/**
 * The KDD Cup 2015 experiment behind examples/kddcup.ts: daily-activity features, ChurnLSTM
 * with calibration, churnkit's LogisticBaseline and XGBoost on the same split.
 */
import { basename } from 'node:path';
import { DailyActivityFeatures } from '../../src/adapters/index.js';
import { useBackend, type BackendName } from '../../src/backend/index.js';
import { ChurnLSTM, LogisticBaseline } from '../../src/models/index.js';
import { Trainer } from '../../src/train/index.js';
import { fitCalibration, score, type CalibrationKind, type Scores } from './evaluate.js';
import { loadKdd, type LoadKddOptions } from './kdd-data.js';
import { runXGBoost } from './xgboost.js';

/** Options of {@link runKdd}. */
export interface KddOptions extends LoadKddOptions {
  /** Maximum ChurnLSTM epochs (early stopping on validation AUC, patience 3). Default 10. */
  readonly epochs?: number;
  /** Hidden units of ChurnLSTM. Default 32. */
  readonly units?: number;
  /** Users per gradient step. Default 128. */
  readonly batchSize?: number;
  /** Calibration fitted on the validation share. Default 'platt'. */
  readonly calibration?: CalibrationKind;
  /** tfjs backend. Default 'wasm'. */
  readonly backend?: BackendName | 'auto';
  /** Run the XGBoost baseline when python3-xgboost is there. Default true. */
  readonly xgboost?: boolean;
  /** Trainer progress on stderr (0 silent). Default 2. */
  readonly verbose?: 0 | 1 | 2;
}

/** A model's test figures after calibration, and before. */
export interface ModelResult extends Scores {
  readonly uncalibrated: Scores;
  readonly trainSeconds: number;
}

/** What the experiment reports. */
export interface KddResult extends ModelResult {
  readonly model: 'ChurnLSTM';
  readonly calibration: CalibrationKind;
  readonly backend: string;
  readonly epochs: number;
  readonly sequencesPerSecond: number;
  readonly split: { trainCourses: string[]; validationCourses: string[]; testCourses: string[]; train: number; validation: number; test: number; validationPositiveRate: number };
  readonly baselines: { logistic: ModelResult; xgboost: ModelResult | { skipped: string } };
  readonly lstmAucMinusXgboost: number | null;
  readonly seconds: number;
}

/** Runs the whole experiment; progress goes to stderr, the result is returned. */
export async function runKdd(options: KddOptions = {}): Promise<KddResult> {
  const started = Date.now();
  const log = (msg: string) => options.verbose !== 0 && process.stderr.write(`[kddcup] ${msg}\n`);
  const backend = await useBackend(options.backend ?? 'wasm');
  const data = await loadKdd(options);
  log(`read ${data.trainFiles.length} training and ${data.testFiles.length} test course files in ${data.readSeconds.toFixed(1)} s: train ${data.train.entityIds.length}, validation ${data.validation.entityIds.length}, test ${data.test.entityIds.length} enrolments`);
  const features = new DailyActivityFeatures().fit(data.train);
  const train = { features: features.transform(data.train), churn: data.yTrain };
  const validation = { features: features.transform(data.validation), churn: data.yValidation };
  const test = features.transform(data.test);
  const calibration = options.calibration ?? 'platt';
  const verbose = options.verbose ?? 2;
  const batchSize = options.batchSize ?? 128;

  const evaluate = (pValid: ArrayLike<number>, pTest: ArrayLike<number>, seconds: number): ModelResult => {
    const calibrate = fitCalibration(calibration, data.yValidation, pValid);
    return { ...score(data.yTest, calibrate(pTest)), uncalibrated: score(data.yTest, pTest), trainSeconds: Math.round(seconds * 10) / 10 };
  };

  log('LogisticBaseline');
  let t0 = Date.now();
  const logisticModel = new LogisticBaseline({ heads: { churn: true, renew: false } });
  await new Trainer({ epochs: 20, batchSize: 256, verbose, optimizer: { learningRate: 1e-2 }, earlyStopping: { patience: 3 } }).fit(logisticModel, train, { validation });
  const logistic = evaluate((await logisticModel.predict(validation.features)).churn, (await logisticModel.predict(test)).churn, (Date.now() - t0) / 1000);
  logisticModel.dispose();
  log(`LogisticBaseline test AUC ${logistic.auc}`);

  let xgboost: ModelResult | { skipped: string } = { skipped: 'disabled (--no-xgboost)' };
  if (options.xgboost !== false) {
    log('XGBoost (bench/kddcup-xgboost.py)');
    const agg = (t: typeof data.train, y: Float32Array) => ({ ...features.aggregates(t), labels: y });
    t0 = Date.now();
    const r = runXGBoost(agg(data.train, data.yTrain), agg(data.validation, data.yValidation), agg(data.test, data.yTest));
    xgboost = r.ok ? evaluate(r.valid, r.test, (Date.now() - t0) / 1000) : { skipped: r.reason };
    log(r.ok ? `XGBoost ${r.version} test AUC ${(xgboost as ModelResult).auc} (best iteration ${r.bestIteration})` : `XGBoost skipped: ${r.reason}`);
  }

  log(`ChurnLSTM on ${backend}`);
  t0 = Date.now();
  const lstm = new ChurnLSTM({ heads: { churn: true, renew: false }, units: options.units ?? 32 });
  // Early stopping watches validation AUC (ranking is what calibration cannot fix afterwards).
  const history = await new Trainer({ epochs: options.epochs ?? 10, batchSize, verbose, earlyStopping: { monitor: 'auc', patience: 3 } }).fit(lstm, train, { validation });
  const trainSeconds = (Date.now() - t0) / 1000;
  const lstmResult = evaluate((await lstm.predict(validation.features)).churn, (await lstm.predict(test)).churn, trainSeconds);
  lstm.dispose();
  const epochs = history.epochs.length;
  log(`ChurnLSTM test AUC ${lstmResult.auc}, ECE ${lstmResult.ece} after ${epochs} epochs in ${trainSeconds.toFixed(0)} s`);
  return {
    model: 'ChurnLSTM',
    ...lstmResult,
    calibration,
    backend,
    epochs,
    sequencesPerSecond: Math.round((train.features.shape.users * epochs) / trainSeconds),
    split: {
      trainCourses: data.trainFiles.map((f) => basename(f, '.csv')).filter((c) => !data.validationCourses.includes(c)),
      validationCourses: data.validationCourses,
      testCourses: data.testFiles.map((f) => basename(f, '.csv')),
      train: data.train.entityIds.length,
      validation: data.validation.entityIds.length,
      test: data.test.entityIds.length,
      validationPositiveRate: Math.round((data.yValidation.reduce((a, b) => a + b, 0) / data.yValidation.length) * 1e4) / 1e4,
    },
    baselines: { logistic, xgboost },
    lstmAucMinusXgboost: 'auc' in xgboost ? Math.round((lstmResult.auc - xgboost.auc) * 1e4) / 1e4 : null,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
