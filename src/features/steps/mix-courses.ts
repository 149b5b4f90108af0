import { appendColumns, type FeatureFrame, type FeatureKind } from '../frame.js';
import { registerStep, type FeatureStep, type Json, type StepJSON } from '../step.js';
import { float32Columns } from '../tables/arena.js';
import { DIFFICULTY_CODES, FORMAT_CODES } from '../tables/types.js';
import { fittedOf, positiveInt, requireFitted, requireRows, topValues } from './common.js';

/** Options of {@link CourseMix}. */
export interface CourseMixOptions {
  /** Keep a share column for at most this many categories (most watched in fit); the rest go to `unknown`. Default 20. */
  readonly maxCategories?: number;
}

const DEFAULTS = { maxCategories: 20 };

/**
 * What a user watches: the share of their watch time (all history up to the cutoff) by course
 * category (`watchShare.category=…`, with `=unknown` for categories unseen in fit and courses
 * missing from `courses`), format and difficulty, plus `meanPricePaid` (mean purchase amount,
 * NaN without purchases). Shares are 0 for a user who watched nothing. Fit learns which
 * categories get a column, from the training users' watch time only.
 */
export class CourseMix implements FeatureStep {
  private readonly options: typeof DEFAULTS;
  private fitted: { categories: string[] } | undefined;

  /** Stores the options; see {@link CourseMixOptions}. */
  constructor(options: CourseMixOptions = {}) {
    const merged = { ...DEFAULTS, ...options };
    positiveInt('maxCategories', merged.maxCategories);
    this.options = merged;
  }

  /** Learns the category columns from the frame's users; returns this. */
  fit(frame: FeatureFrame): this {
    requireRows(frame, 'CourseMix');
    const t = frame.tables;
    const C = t.categoryNames.length;
    const totals = new Map<string, number>();
    // The last category slot is courses missing from `courses`: never a column of its own.
    for (let c = 0; c < C - 1; c++) {
      let sum = 0;
      for (let r = 0; r < t.userIds.length; r++) sum += t.watchByCategory[r * C + c];
      if (sum > 0) totals.set(t.categoryNames[c], sum);
    }
    this.fitted = { categories: topValues(totals, this.options.maxCategories) };
    return this;
  }

  /** Appends the share columns and `meanPricePaid`. */
  transform(frame: FeatureFrame): FeatureFrame {
    const { categories } = requireFitted(this.fitted, 'CourseMix', 'transform');
    const t = frame.tables;
    const n = t.userIds.length;
    const C = t.categoryNames.length;
    const slot = new Map(categories.map((c, i) => [c, i]));
    // Column of each raw category of this data; unseen ones go to the unknown column.
    const target = t.categoryNames.map((name, c) => (c < C - 1 ? (slot.get(name) ?? categories.length) : categories.length));
    const names = [
      ...categories.map((c) => `watchShare.category=${c}`), 'watchShare.category=unknown',
      ...FORMAT_CODES.map((f) => `watchShare.format=${f}`), 'watchShare.format=unknown',
      ...DIFFICULTY_CODES.map((d) => `watchShare.difficulty=${d}`), 'watchShare.difficulty=unknown',
      'meanPricePaid',
    ];
    const columns = float32Columns(names.length, n);
    const formatBase = categories.length + 1;
    const difficultyBase = formatBase + FORMAT_CODES.length + 1;
    const F = FORMAT_CODES.length + 1;
    const D = DIFFICULTY_CODES.length + 1;
    const sums = new Float64Array(categories.length + 1);
    for (let r = 0; r < n; r++) {
      let total = 0;
      for (let f = 0; f < F; f++) total += t.watchByFormat[r * F + f];
      if (total > 0) {
        sums.fill(0);
        for (let c = 0; c < C; c++) sums[target[c]] += t.watchByCategory[r * C + c];
        for (let c = 0; c < sums.length; c++) columns[c][r] = sums[c] / total;
        for (let f = 0; f < F; f++) columns[formatBase + f][r] = t.watchByFormat[r * F + f] / total;
        for (let d = 0; d < D; d++) columns[difficultyBase + d][r] = t.watchByDifficulty[r * D + d] / total;
      }
      columns[names.length - 1][r] = t.purchaseCount[r] > 0 ? t.purchaseAmount[r] / t.purchaseCount[r] : NaN;
    }
    const kinds = names.map((_, i): FeatureKind => (i === names.length - 1 ? 'amount' : 'share'));
    return { ...frame, statics: appendColumns(frame.statics, names, kinds, columns) };
  }

  /** The options as JSON. */
  getConfig(): Json {
    return { ...this.options };
  }

  /** Options and learned categories as JSON. */
  toJSON(): StepJSON {
    return { type: 'CourseMix', config: this.getConfig(), fitted: this.fitted ? { categories: [...this.fitted.categories] } : null };
  }

  /** Rebuilds from `toJSON()` output. */
  static fromJSON(json: StepJSON): CourseMix {
    const step = new CourseMix(json.config as CourseMixOptions);
    step.fitted = fittedOf(json);
    return step;
  }
}

registerStep('CourseMix', (json) => CourseMix.fromJSON(json));
