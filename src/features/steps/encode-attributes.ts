import { ConfigError } from '../../errors.js';
import { appendCategoricals, appendColumns, type FeatureFrame, type FeatureKind } from '../frame.js';
import { registerStep, type FeatureStep, type Json, type StepJSON } from '../step.js';
import { float32Array, float32Columns, int32Array } from '../tables/arena.js';
import { DIFFICULTY_CODES, FORMAT_CODES, type EventTables } from '../tables/types.js';
import { fittedOf, positiveInt, requireFitted, requireRows, topValues } from './common.js';

/** User and course attributes {@link UserAttributes} can encode. */
export const ATTRIBUTES = ['gender', 'occupation', 'city', 'channel', 'favouriteCategory', 'favouriteFormat', 'favouriteDifficulty'] as const;
/** One attribute name. */
export type Attribute = (typeof ATTRIBUTES)[number];

/** Options of {@link UserAttributes}. */
export interface UserAttributesOptions {
  /** Which attributes to encode, in order. Default: all of {@link ATTRIBUTES}. */
  readonly attributes?: readonly Attribute[];
  /** Keep at most this many values per attribute (the most frequent in fit); the rest are unknown. Default 20. */
  readonly maxCategories?: number;
  /** A value must occur for at least this many fit users to get its own column. Default 2. */
  readonly minCount?: number;
  /** Also emit `age` as a number (NaN when unknown). Default true. */
  readonly age?: boolean;
}

const DEFAULTS = { attributes: ATTRIBUTES as readonly Attribute[], maxCategories: 20, minCount: 2, age: true };

/**
 * User attributes (gender, occupation, city, acquisition channel, age) and course attributes
 * of each user's most-watched course category, format and difficulty (the "favourite"). Each
 * categorical becomes one-hot columns `attr=value` plus `attr=unknown`, and an integer index
 * column `attr` for embeddings (0 = unknown: missing, or a value unseen or too rare in fit).
 * Fit learns the vocabularies from the training users only.
 */
export class UserAttributes implements FeatureStep {
  private readonly options: typeof DEFAULTS;
  private fitted: { vocab: Record<string, string[]> } | undefined;

  /** Stores the options; see {@link UserAttributesOptions}. */
  constructor(options: UserAttributesOptions = {}) {
    const merged = { ...DEFAULTS, ...options };
    merged.attributes.forEach((a, i) => {
      if (!ATTRIBUTES.includes(a)) throw new ConfigError(`attributes[${i}]`, a, `one of ${ATTRIBUTES.join(', ')}`);
    });
    positiveInt('maxCategories', merged.maxCategories);
    positiveInt('minCount', merged.minCount);
    if (typeof merged.age !== 'boolean') throw new ConfigError('age', merged.age, 'true or false');
    this.options = { ...merged, attributes: [...merged.attributes] };
  }

  /** Learns each attribute's vocabulary from the frame's users; returns this. */
  fit(frame: FeatureFrame): this {
    requireRows(frame, 'UserAttributes');
    const vocab: Record<string, string[]> = {};
    for (const attribute of this.options.attributes) {
      const counts = new Map<string, number>();
      for (const value of readAttribute(frame.tables, attribute)) {
        if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      vocab[attribute] = topValues(counts, this.options.maxCategories, this.options.minCount);
    }
    this.fitted = { vocab };
    return this;
  }

  /** Appends one-hot statics, `age`, and one index column per attribute. */
  transform(frame: FeatureFrame): FeatureFrame {
    const { vocab } = requireFitted(this.fitted, 'UserAttributes', 'transform');
    const n = frame.tables.userIds.length;
    const names: string[] = [];
    const kinds: FeatureKind[] = [];
    const columns: Float32Array[] = [];
    const indexColumns: Int32Array[] = [];
    const cardinalities: number[] = [];
    for (const attribute of this.options.attributes) {
      const values = vocab[attribute];
      const position = new Map(values.map((v, i) => [v, i + 1]));
      const index = int32Array(n);
      readAttribute(frame.tables, attribute).forEach((value, r) => {
        index[r] = value === undefined ? 0 : (position.get(value) ?? 0);
      });
      const oneHot = float32Columns(values.length + 1, n);
      for (let r = 0; r < n; r++) oneHot[index[r] === 0 ? values.length : index[r] - 1][r] = 1;
      names.push(...values.map((v) => `${attribute}=${v}`), `${attribute}=unknown`);
      kinds.push(...oneHot.map((): FeatureKind => 'binary'));
      columns.push(...oneHot);
      indexColumns.push(index);
      cardinalities.push(values.length + 1);
    }
    if (this.options.age) {
      const age = float32Array(n);
      frame.tables.users.forEach((user, r) => {
        age[r] = typeof user?.age === 'number' && Number.isFinite(user.age) ? user.age : NaN;
      });
      names.push('age');
      kinds.push('continuous');
      columns.push(age);
    }
    return {
      ...frame,
      statics: appendColumns(frame.statics, names, kinds, columns),
      categoricals: appendCategoricals(frame.categoricals, this.options.attributes, cardinalities, indexColumns),
    };
  }

  /** The options as JSON. */
  getConfig(): Json {
    return { ...this.options, attributes: [...this.options.attributes] };
  }

  /** Options and vocabularies as JSON. */
  toJSON(): StepJSON {
    return { type: 'UserAttributes', config: this.getConfig(), fitted: this.fitted ? structuredClone(this.fitted) : null };
  }

  /** Rebuilds from `toJSON()` output. */
  static fromJSON(json: StepJSON): UserAttributes {
    const step = new UserAttributes(json.config as UserAttributesOptions);
    step.fitted = fittedOf(json);
    return step;
  }
}

/** The attribute's value per row, `undefined` when missing. */
function readAttribute(t: EventTables, attribute: Attribute): (string | undefined)[] {
  switch (attribute) {
    case 'favouriteCategory':
      return favourite(t, t.watchByCategory, t.categoryNames.length, t.categoryNames, true);
    case 'favouriteFormat':
      return favourite(t, t.watchByFormat, FORMAT_CODES.length + 1, FORMAT_CODES, false);
    case 'favouriteDifficulty':
      return favourite(t, t.watchByDifficulty, DIFFICULTY_CODES.length + 1, DIFFICULTY_CODES, false);
    default:
      return t.users.map((user) => {
        const value = user?.[attribute];
        return typeof value === 'string' && value.length > 0 ? value : undefined;
      });
  }
}

/** The most-watched known value per row (first on ties); the last column (unknown courses) never wins. */
function favourite(t: EventTables, watch: Float64Array, width: number, names: readonly string[], lastIsUnknown: boolean): (string | undefined)[] {
  const known = lastIsUnknown ? width - 1 : Math.min(width - 1, names.length);
  return t.userIds.map((_, r) => {
    let best = -1;
    let bestWatch = 0;
    for (let c = 0; c < known; c++) {
      if (watch[r * width + c] > bestWatch) { bestWatch = watch[r * width + c]; best = c; }
    }
    return best < 0 ? undefined : names[best];
  });
}

registerStep('UserAttributes', (json) => UserAttributes.fromJSON(json));
