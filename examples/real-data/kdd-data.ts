/**
 * Data plumbing of the KDD Cup 2015 example: which files are train and test, reading them with
 * churnkit's daily-activity adapter, labels, and the validation share carved from training.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  alignEntityLabels,
  expandPaths,
  readDailyActivity,
  readEntityLabels,
  selectEntities,
  type DailyActivityTable,
} from '../../src/adapters/index.js';

/** Where the shared copy of the data lives relative to this repository (overridable with KDD_DIR). */
export const DEFAULT_KDD_DIR = process.env.KDD_DIR ?? resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/datasets/kddcup2015-xuetangx-daily');

/**
 * The fixed course-held-out split of the default run: the 24 shared course files sorted by
 * enrolment count, every fourth one from the fourth (spread over small and large courses) is a
 * test course: 6 test courses, 9,245 enrolments; the other 18 (25,638 enrolments) train.
 */
export const KDD_TEST_COURSES = ['trainCourse898', 'trainCourse1187A', 'trainCourse1402', 'trainCourse1481', 'trainCourse2008', 'trainCourse2269'];

/** The read, labelled tables of one run. */
export interface KddData {
  readonly train: DailyActivityTable;
  readonly validation: DailyActivityTable;
  readonly test: DailyActivityTable;
  readonly yTrain: Float32Array;
  readonly yValidation: Float32Array;
  readonly yTest: Float32Array;
  readonly trainFiles: string[];
  readonly testFiles: string[];
  readonly readSeconds: number;
  /** The courses held out for validation (empty when validation is by enrolment). */
  readonly validationCourses: string[];
}

/** Options of {@link loadKdd}. */
export interface LoadKddOptions {
  /** Training files: a directory, a file, a pattern (`dir/trainCourse1*.csv`), or a comma-separated list of them. */
  readonly train?: string;
  /** Test files, same forms. */
  readonly test?: string;
  /** The `enrollment_id,label` file; default truth_train.csv (or truth.csv) next to the training files. */
  readonly labels?: string;
  /** File-name pattern inside directories. Default `*.csv` (the label file is always left out). */
  readonly include?: string;
  /**
   * How validation (early stopping and calibration) is carved from the training files:
   * `'courses'` (default) holds out whole training courses, so calibration learns how scores
   * transfer to courses the model has not seen, like the test courses; `'enrolments'` holds out
   * a share of every training course. With fewer than 5 training courses, `'enrolments'` is used.
   */
  readonly validation?: 'courses' | 'enrolments';
  /** Share of training enrolments held out when validation is by enrolment. Default 0.15. */
  readonly validationShare?: number;
  /** Seed of the validation draw. Default 2015. */
  readonly seed?: number;
}

/** Deterministic 32-bit hash of a string plus seed: a stable, order-free validation draw. */
function hashUnit(text: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

async function listFiles(spec: string, include: string): Promise<string[]> {
  return expandPaths(spec.split(',').map((s) => s.trim()).filter(Boolean), include);
}

function findLabels(files: string[]): string {
  for (const dir of new Set(files.map((f) => dirname(f)))) {
    for (const name of ['truth_train.csv', 'truth.csv']) if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error('No label file found next to the training files; pass --labels FILE (enrollment_id,label).');
}

/**
 * Whole training courses held out for validation: the training courses sorted by enrolment
 * count, every fifth from the third (4 of the 18 default training courses). Fewer than 5
 * courses: none (validation falls back to a share of enrolments).
 */
function pickValidationCourses(table: DailyActivityTable): string[] {
  const sizes = new Map<string, number>();
  for (const g of table.groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  if (sizes.size < 5) return [];
  const sorted = [...sizes.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([g]) => g);
  return sorted.filter((_, i) => i % 5 === 2);
}

/** Reads train and test files, labels them and carves the validation share from training. */
export async function loadKdd(options: LoadKddOptions = {}): Promise<KddData> {
  const started = Date.now();
  const include = options.include ?? '*.csv';
  const isLabelFile = (f: string) => /^truth/.test(basename(f));
  let trainFiles: string[];
  let testFiles: string[];
  if (options.train === undefined && options.test === undefined) {
    if (!existsSync(DEFAULT_KDD_DIR)) {
      throw new Error(`KDD Cup 2015 course files not found at ${DEFAULT_KDD_DIR}. They are not shipped (no licence): set KDD_DIR, or pass --train and --test (see docs/datasets/kddcup2015.md).`);
    }
    const all = (await listFiles(DEFAULT_KDD_DIR, 'trainCourse*.csv')).filter((f) => !isLabelFile(f));
    testFiles = all.filter((f) => KDD_TEST_COURSES.includes(basename(f, '.csv')));
    trainFiles = all.filter((f) => !testFiles.includes(f));
  } else {
    if (!options.train || !options.test) throw new Error('Pass both --train and --test (or neither for the default course split).');
    trainFiles = (await listFiles(options.train, include)).filter((f) => !isLabelFile(f));
    testFiles = (await listFiles(options.test, include)).filter((f) => !isLabelFile(f));
  }
  const overlap = trainFiles.filter((f) => testFiles.includes(f));
  if (overlap.length > 0) throw new Error(`Files in both train and test: ${overlap.join(', ')}. Split by course: give disjoint files.`);
  if (trainFiles.length === 0 || testFiles.length === 0) throw new Error(`No files matched (train ${trainFiles.length}, test ${testFiles.length}).`);
  const mapping = { counts: { prefix: 'event_' } } as const;
  const trainAll = (await readDailyActivity(trainFiles, mapping)).table;
  const test = (await readDailyActivity(testFiles, mapping)).table;
  const testIds = new Set(test.entityIds);
  if (trainAll.entityIds.some((id) => testIds.has(id))) throw new Error('Some enrollment_id appears in both train and test files.');
  const labels = await readEntityLabels(options.labels ?? findLabels(trainFiles), { only: new Set([...trainAll.entityIds, ...test.entityIds]) });
  const share = options.validationShare ?? 0.15;
  const seed = options.seed ?? 2015;
  const validationCourses = (options.validation ?? 'courses') === 'courses' ? pickValidationCourses(trainAll) : [];
  const isValidation =
    validationCourses.length > 0 ? (_: string, group: string) => validationCourses.includes(group) : (id: string) => hashUnit(id, seed) < share;
  const train = selectEntities(trainAll, (id, group) => !isValidation(id, group));
  const validation = selectEntities(trainAll, (id, group) => isValidation(id, group));
  return {
    train,
    validation,
    test,
    yTrain: alignEntityLabels(train.entityIds, labels),
    yValidation: alignEntityLabels(validation.entityIds, labels),
    yTest: alignEntityLabels(test.entityIds, labels),
    trainFiles,
    testFiles,
    readSeconds: (Date.now() - started) / 1000,
    validationCourses,
  };
}
