import { ConfigError, NotFittedError, ValidationError } from '../errors.js';
import type { FeatureSet } from '../features/feature-set.js';
import type { DailyActivityTable } from './daily-activity-table.js';
import { activityStaticNames, activityStatics, denseWindows, type ActivityWindows } from './daily-activity-statics.js';

/** Options of {@link DailyActivityFeatures}. */
export interface DailyActivityFeaturesConfig {
  /** Days per sequence (T): the window ends on the alignment day and reaches back this many days. Default 30. */
  readonly steps?: number;
  /**
   * Where each window ends: `'group'` (default) on the last day any entity of the same group
   * has a row (a course's observation window), `'table'` on the table's last day, `'entity'` on
   * the entity's own last row.
   */
  readonly alignTo?: 'group' | 'table' | 'entity';
  /** Add where each entity stands within its group (activity rank, relative active days). Activity only, never labels. Default true. */
  readonly groupContext?: boolean;
}

/** The JSON form of a fitted {@link DailyActivityFeatures}. */
export interface DailyActivityFeaturesJSON {
  /** Always `'DailyActivityFeatures'`. */
  readonly type: 'DailyActivityFeatures';
  /** The options it was built with (defaults filled in). */
  readonly config: Required<DailyActivityFeaturesConfig>;
  /** What fit learned, or null if it was never fitted. */
  readonly fitted: DailyActivityFitted | null;
}

/** What {@link DailyActivityFeatures.fit} learns from the training entities. */
export interface DailyActivityFitted {
  /** The count columns it was fitted on; transform requires the same. */
  readonly countNames: string[];
  /** Per sequence channel mean and standard deviation (over observed days). */
  readonly sequenceMean: number[];
  /** Per sequence channel standard deviation (1 when constant). */
  readonly sequenceStd: number[];
  /** Per static feature mean. */
  readonly staticMean: number[];
  /** Per static feature standard deviation (1 when constant). */
  readonly staticStd: number[];
}

/** Unscaled per-entity aggregates, e.g. to hand to a tree model. */
export interface ActivityAggregates {
  /** One name per column. */
  readonly names: string[];
  /** `[entities, names.length]`, row-major, in table order. */
  readonly values: Float32Array;
}

const DEFAULTS: Required<DailyActivityFeaturesConfig> = { steps: 30, alignTo: 'group', groupContext: true };

/**
 * Turns a {@link DailyActivityTable} into a {@link FeatureSet}: per day, log1p of each count,
 * log1p of the day's total and an active flag (standardized), and per entity the aggregates of
 * {@link activityStaticNames} (standardized). `fit` learns only the scaling, from the training
 * entities; `transform` applies it to any table.
 */
export class DailyActivityFeatures {
  /** The options, defaults filled in. */
  readonly config: Required<DailyActivityFeaturesConfig>;
  private fitted: DailyActivityFitted | null = null;

  constructor(config: DailyActivityFeaturesConfig = {}) {
    const c = { ...DEFAULTS, ...config };
    if (!Number.isInteger(c.steps) || c.steps < 2) throw new ConfigError('steps', c.steps, 'an integer of at least 2');
    if (!['group', 'table', 'entity'].includes(c.alignTo)) throw new ConfigError('alignTo', c.alignTo, "'group', 'table' or 'entity'");
    if (typeof c.groupContext !== 'boolean') throw new ConfigError('groupContext', c.groupContext, 'a boolean');
    this.config = c;
  }

  /** The options as plain JSON. */
  getConfig(): Required<DailyActivityFeaturesConfig> {
    return { ...this.config };
  }

  /** An unfitted instance with the given options. */
  static fromConfig(config: DailyActivityFeaturesConfig): DailyActivityFeatures {
    return new DailyActivityFeatures(config);
  }

  /** Learns the per-channel scaling from the training entities' table. */
  fit(table: DailyActivityTable): this {
    checkTable(table);
    const raw = this.raw(table);
    const { users: n, steps: T, sequenceFeatures: F, staticFeatures: S } = raw.shape;
    const seqMean = new Float64Array(F);
    const seqSq = new Float64Array(F);
    let observed = 0;
    for (let i = 0; i < n * T; i++) {
      if (raw.mask[i] === 0) continue;
      observed++;
      for (let f = 0; f < F; f++) {
        const v = raw.sequences[i * F + f];
        seqMean[f] += v;
        seqSq[f] += v * v;
      }
    }
    const stMean = new Float64Array(S);
    const stSq = new Float64Array(S);
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < S; s++) {
        const v = raw.statics[i * S + s];
        stMean[s] += v;
        stSq[s] += v * v;
      }
    }
    const finish = (sum: Float64Array, sq: Float64Array, count: number) => {
      const mean = Array.from(sum, (v) => v / Math.max(1, count));
      const std = Array.from(sq, (v, i) => {
        const sd = Math.sqrt(Math.max(0, v / Math.max(1, count) - mean[i] ** 2));
        return sd > 1e-8 ? sd : 1;
      });
      return { mean, std };
    };
    const seq = finish(seqMean, seqSq, observed);
    const st = finish(stMean, stSq, n);
    this.fitted = { countNames: [...table.countNames], sequenceMean: seq.mean, sequenceStd: seq.std, staticMean: st.mean, staticStd: st.std };
    return this;
  }

  /** Applies the learned scaling: a FeatureSet with one row per entity, in table order. */
  transform(table: DailyActivityTable): FeatureSet {
    const fitted = this.fitted;
    if (!fitted) throw new NotFittedError('DailyActivityFeatures', 'transform');
    checkTable(table);
    if (table.countNames.join(',') !== fitted.countNames.join(',')) {
      throw new ValidationError(
        [{ code: 'column_mismatch', path: ['countNames'], message: `got count columns [${table.countNames}], fitted on [${fitted.countNames}]; read the table with the same column mapping` }],
        'DailyActivityTable',
      );
    }
    const raw = this.raw(table);
    const { users: n, steps: T, sequenceFeatures: F, staticFeatures: S } = raw.shape;
    const sequences = raw.sequences;
    for (let i = 0; i < n * T; i++) {
      if (raw.mask[i] === 0) continue;
      for (let f = 0; f < F; f++) sequences[i * F + f] = (sequences[i * F + f] - fitted.sequenceMean[f]) / fitted.sequenceStd[f];
    }
    const statics = raw.statics;
    for (let i = 0; i < n; i++) for (let s = 0; s < S; s++) statics[i * S + s] = (statics[i * S + s] - fitted.staticMean[s]) / fitted.staticStd[s];
    return { ...raw, sequences, statics };
  }

  /** `fit(table)` then `transform(table)`. */
  fitTransform(table: DailyActivityTable): FeatureSet {
    return this.fit(table).transform(table);
  }

  /** The unscaled aggregates (log totals, active days, recency...), e.g. for a tree model. */
  aggregates(table: DailyActivityTable): ActivityAggregates {
    checkTable(table);
    const raw = this.raw(table);
    return { names: [...raw.staticFeatureNames], values: raw.statics };
  }

  /** Config and learned state as plain JSON. */
  toJSON(): DailyActivityFeaturesJSON {
    return { type: 'DailyActivityFeatures', config: this.getConfig(), fitted: this.fitted && structuredClone(this.fitted) };
  }

  /** Rebuilds an instance (fitted if the JSON was) from {@link DailyActivityFeatures.toJSON}. */
  static fromJSON(json: DailyActivityFeaturesJSON): DailyActivityFeatures {
    if (json?.type !== 'DailyActivityFeatures') throw new ConfigError('type', json?.type, "'DailyActivityFeatures'");
    const out = new DailyActivityFeatures(json.config);
    out.fitted = json.fitted && structuredClone(json.fitted);
    return out;
  }

  private raw(table: DailyActivityTable): FeatureSet {
    const T = this.config.steps;
    const C = table.countNames.length;
    const F = C + 2;
    const n = table.entityIds.length;
    const windows: ActivityWindows = { steps: T, end: windowEnds(table, this.config.alignTo) };
    const dense = denseWindows(table, windows);
    const sequences = new Float32Array(n * T * F);
    for (let i = 0; i < n * T; i++) {
      if (dense.mask[i] === 0) continue;
      let total = 0;
      for (let c = 0; c < C; c++) {
        const v = dense.counts[i * C + c];
        sequences[i * F + c] = Math.log1p(v);
        total += v;
      }
      sequences[i * F + C] = Math.log1p(total);
      sequences[i * F + C + 1] = total > 0 ? 1 : 0;
    }
    const staticFeatureNames = activityStaticNames(table.countNames, this.config.groupContext);
    const statics = activityStatics(dense, { entities: n, steps: T, width: C }, table.groups, this.config.groupContext);
    return {
      userIds: table.entityIds,
      sequences,
      mask: dense.mask,
      statics,
      shape: { users: n, steps: T, sequenceFeatures: F, staticFeatures: staticFeatureNames.length },
      sequenceFeatureNames: [...table.countNames.map((c) => `log1p_${c}`), 'log1p_total', 'active'],
      staticFeatureNames,
    };
  }
}

function windowEnds(table: DailyActivityTable, alignTo: 'group' | 'table' | 'entity'): Int32Array {
  const n = table.entityIds.length;
  const last = new Int32Array(n);
  for (let e = 0; e < n; e++) last[e] = table.rowDay[table.rowStart[e + 1] - 1];
  if (alignTo === 'entity') return last;
  if (alignTo === 'table') return last.fill(last.reduce((m, d) => Math.max(m, d), -Infinity));
  const byGroup = new Map<string, number>();
  table.groups.forEach((g, e) => byGroup.set(g, Math.max(byGroup.get(g) ?? -Infinity, last[e])));
  return Int32Array.from(table.groups, (g) => byGroup.get(g)!);
}

function checkTable(table: DailyActivityTable): void {
  if (!table || !Array.isArray(table.entityIds) || !(table.rowStart instanceof Int32Array)) {
    throw new ValidationError([{ code: 'invalid_type', path: [], message: 'expected a DailyActivityTable from readDailyActivity()' }], 'DailyActivityTable');
  }
  if (table.entityIds.length === 0) {
    throw new ValidationError([{ code: 'empty', path: ['entityIds'], message: 'the table has no entities; check the files and the column mapping' }], 'DailyActivityTable');
  }
  for (let e = 0; e < table.entityIds.length; e++) {
    if (table.rowStart[e + 1] === table.rowStart[e]) {
      throw new ValidationError([{ code: 'no_rows', path: ['entityIds', e], message: `entity ${table.entityIds[e]} has no rows` }], 'DailyActivityTable');
    }
  }
}
