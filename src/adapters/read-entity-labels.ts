import { ValidationError, type Issue } from '../errors.js';
import { alignLabels } from '../labels/align-labels.js';
import type { UserLabel } from '../labels/types.js';
import { readLines, splitCsvLine, type TextSource } from './read-lines.js';

/** Options of {@link readEntityLabels}. */
export interface ReadEntityLabelsOptions {
  /** The entity column. Default `'enrollment_id'`. */
  readonly entity?: string;
  /** The 0/1 label column (1 = churned / dropped out). Default `'label'`. */
  readonly label?: string;
  /** Only keep these entities (saves memory when the file covers many more). */
  readonly only?: ReadonlySet<string>;
}

const DEFAULTS = { entity: 'enrollment_id', label: 'label' } as const;

/**
 * Reads an `entity,label` CSV (such as KDD Cup 2015's `truth_train.csv`) line by line into a
 * map from entity to 0/1. Throws a {@link ValidationError} listing every bad line.
 */
export async function readEntityLabels(source: TextSource, options: ReadEntityLabelsOptions = {}): Promise<Map<string, 0 | 1>> {
  const o = { ...DEFAULTS, ...options };
  const name = typeof source === 'string' ? source : 'labels';
  const out = new Map<string, 0 | 1>();
  const issues: Issue[] = [];
  let entityCol = -1;
  let labelCol = -1;
  let lineNo = 0;
  for await (const line of readLines(source)) {
    lineNo++;
    if (lineNo === 1) {
      const header = splitCsvLine(line.replace(/^\uFEFF/, ''));
      entityCol = header.indexOf(o.entity);
      labelCol = header.indexOf(o.label);
      if (entityCol < 0 || labelCol < 0) {
        throw new ValidationError(
          [{ code: 'missing_column', path: [name, 'header'], message: `expected columns ${JSON.stringify(o.entity)} and ${JSON.stringify(o.label)}, the header has [${header.join(', ')}]; set the entity and label options` }],
          name,
        );
      }
      continue;
    }
    if (line.length === 0) continue;
    const fields = splitCsvLine(line);
    const id = fields[entityCol];
    if (o.only && !o.only.has(id)) continue;
    const raw = fields[labelCol];
    if (raw !== '0' && raw !== '1') {
      if (issues.length < 1000) issues.push({ code: 'invalid_label', path: [name, lineNo, o.label], message: `got ${JSON.stringify(raw)}, expected 0 or 1` });
      continue;
    }
    out.set(id, raw === '1' ? 1 : 0);
  }
  if (issues.length > 0) throw new ValidationError(issues, name);
  return out;
}

/**
 * The 0/1 labels of the given entities, in the same order (e.g. a FeatureSet's `userIds`).
 * Delegates to {@link alignLabels}, so it throws the same {@link ValidationError} naming every
 * entity without a label (path `['userIds', i]`).
 */
export function alignEntityLabels(entityIds: readonly string[], labels: ReadonlyMap<string, number>): Float32Array {
  return alignLabels(entityIds, toUserLabels(labels)).churn;
}

/** Entity labels as churnkit's {@link UserLabel}s (`renew: null`: these files carry no renewal outcome). */
export function toUserLabels(labels: ReadonlyMap<string, number>): UserLabel[] {
  return Array.from(labels, ([userId, y]) => ({ userId, churn: y === 1 ? 1 : 0, renew: null }));
}
