/**
 * The OULAD experiment behind examples/oulad.ts: predict withdrawal at day 30 and day 60 of a
 * presentation, train on the 2013 presentations, test on the 2014 ones.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OuladFeatures, ouladSnapshot, readOulad, type OuladData, type OuladEnrolment } from '../../src/adapters/index.js';
import { useBackend, type BackendName } from '../../src/backend/index.js';
import { ChurnLSTM, LogisticBaseline } from '../../src/models/index.js';
import { Trainer } from '../../src/train/index.js';
import { score, type Scores } from './evaluate.js';
import { runXGBoost } from './xgboost.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The small attributed subset shipped with the repository's tests. */
export const OULAD_FIXTURE = resolve(REPO, 'test/fixtures/oulad-mini');

/** Where to read OULAD from: the given directory, $OULAD_DIR, the shared copy next to the repository, or the test fixture. */
export function resolveOuladDir(dir?: string): { dir: string; fixture: boolean } {
  for (const candidate of [dir, process.env.OULAD_DIR, resolve(REPO, '../shared/datasets/oulad')]) {
    if (candidate && existsSync(resolve(candidate, 'studentInfo.csv'))) return { dir: candidate, fixture: resolve(candidate) === OULAD_FIXTURE };
  }
  if (dir) throw new Error(`No studentInfo.csv in ${dir}; pass the folder holding the OULAD CSV files.`);
  return { dir: OULAD_FIXTURE, fixture: true };
}

/** Options of {@link runOulad}. */
export interface OuladOptions {
  /** Folder with the OULAD CSV files (see {@link resolveOuladDir}). */
  readonly data?: string;
  /** Prediction days. Default [30, 60]. */
  readonly cutoffs?: readonly number[];
  /** Maximum ChurnLSTM epochs (early stopping on validation loss). Default 10. */
  readonly epochs?: number;
  /** ChurnLSTM hidden units. Default 32. */
  readonly units?: number;
  /** Run the XGBoost baseline when python3-xgboost is there. Default true. */
  readonly xgboost?: boolean;
  /** tfjs backend. Default 'wasm'. */
  readonly backend?: BackendName | 'auto';
  /** Trainer progress on stderr. Default 2. */
  readonly verbose?: 0 | 1 | 2;
}

/** Figures at one cutoff. */
export interface OuladCutoffResult {
  readonly cutoffDay: number;
  /** Enrolments labelled (still registered at the cutoff) and the share withdrawn, per side. */
  readonly train: { readonly n: number; readonly withdrawnShare: number; readonly excludedUnregistered: number };
  readonly test: { readonly n: number; readonly withdrawnShare: number; readonly excludedUnregistered: number };
  readonly churnLSTM: Scores;
  readonly logistic: Scores;
  readonly xgboost: Scores | { readonly skipped: string };
}

/** What the experiment reports. */
export interface OuladResult {
  readonly dataDir: string;
  readonly fixture: boolean;
  readonly split: { readonly train: string; readonly test: string };
  readonly backend: string;
  readonly cutoffs: OuladCutoffResult[];
  readonly seconds: number;
}

function hashUnit(text: string): number {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

const share = (y: Float32Array) => Math.round((y.reduce((s, v) => s + v, 0) / Math.max(1, y.length)) * 1e4) / 1e4;

async function oneCutoff(data: OuladData, cutoffDay: number, o: OuladOptions, log: (m: string) => void): Promise<OuladCutoffResult> {
  const trainSnap = ouladSnapshot(data, { cutoffDay, presentations: (p) => p.startsWith('2013') });
  const testSnap = ouladSnapshot(data, { cutoffDay, presentations: (p) => p.startsWith('2014') });
  // Validation (early stopping) is a fixed 15 % of training students, drawn by hashing the enrolment key.
  const pick = (valid: boolean) => {
    const rows: OuladEnrolment[] = [];
    const y: number[] = [];
    trainSnap.enrolments.forEach((e, i) => {
      if ((hashUnit(e.key) < 0.15) === valid) {
        rows.push(e);
        y.push(trainSnap.withdrawn[i]);
      }
    });
    return { rows, y: Float32Array.from(y) };
  };
  const tr = pick(false);
  const va = pick(true);
  const features = new OuladFeatures({ cutoffDay }).fit({ enrolments: tr.rows, assessments: data.assessments });
  const encode = (rows: readonly OuladEnrolment[]) => features.transform({ enrolments: rows, assessments: data.assessments });
  const train = { features: encode(tr.rows), churn: tr.y };
  const validation = { features: encode(va.rows), churn: va.y };
  const test = encode(testSnap.enrolments);
  const verbose = o.verbose ?? 2;
  log(`day ${cutoffDay}: train ${tr.rows.length}, validation ${va.rows.length}, test ${testSnap.enrolments.length} enrolments`);

  const logisticModel = new LogisticBaseline({ heads: { churn: true, renew: false } });
  await new Trainer({ epochs: 30, batchSize: 256, verbose, optimizer: { learningRate: 1e-2 }, earlyStopping: { patience: 3 } }).fit(logisticModel, train, { validation });
  const logistic = score(testSnap.withdrawn, (await logisticModel.predict(test)).churn);
  logisticModel.dispose();

  const lstm = new ChurnLSTM({ heads: { churn: true, renew: false }, units: o.units ?? 32 });
  await new Trainer({ epochs: o.epochs ?? 10, batchSize: 128, verbose, earlyStopping: { patience: 2 } }).fit(lstm, train, { validation });
  const churnLSTM = score(testSnap.withdrawn, (await lstm.predict(test)).churn);
  lstm.dispose();

  let xgboost: Scores | { skipped: string } = { skipped: 'disabled' };
  if (o.xgboost !== false) {
    const tab = (f: typeof test, y: Float32Array) => ({ names: f.staticFeatureNames, values: f.statics, labels: y });
    const r = runXGBoost(tab(train.features, tr.y), tab(validation.features, va.y), tab(test, testSnap.withdrawn));
    xgboost = r.ok ? score(testSnap.withdrawn, r.test) : { skipped: r.reason };
  }
  log(`day ${cutoffDay}: ChurnLSTM AUC ${churnLSTM.auc}, logistic ${logistic.auc}, xgboost ${'auc' in xgboost ? xgboost.auc : 'skipped'}`);
  return {
    cutoffDay,
    train: { n: trainSnap.enrolments.length, withdrawnShare: share(trainSnap.withdrawn), excludedUnregistered: trainSnap.unregisteredByCutoff },
    test: { n: testSnap.enrolments.length, withdrawnShare: share(testSnap.withdrawn), excludedUnregistered: testSnap.unregisteredByCutoff },
    churnLSTM,
    logistic,
    xgboost,
  };
}

/** Runs the experiment at each cutoff; progress on stderr, the result returned. */
export async function runOulad(options: OuladOptions = {}): Promise<OuladResult> {
  const started = Date.now();
  const log = (m: string) => options.verbose !== 0 && process.stderr.write(`[oulad] ${m}\n`);
  const backend = await useBackend(options.backend ?? 'wasm');
  const { dir, fixture } = resolveOuladDir(options.data);
  if (fixture) log(`full OULAD not found: using the ${OULAD_FIXTURE} subset (pass --data DIR or set OULAD_DIR)`);
  const data = await readOulad(dir);
  log(`read ${data.enrolments.length} enrolments from ${dir}`);
  const cutoffs: OuladCutoffResult[] = [];
  for (const day of options.cutoffs ?? [30, 60]) cutoffs.push(await oneCutoff(data, day, options, log));
  return { dataDir: dir, fixture, split: { train: '2013B, 2013J', test: '2014B, 2014J' }, backend, cutoffs, seconds: Math.round((Date.now() - started) / 100) / 10 };
}
