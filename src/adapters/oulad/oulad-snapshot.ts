import { ConfigError } from '../../errors.js';
import type { OuladData, OuladEnrolment } from './read-oulad.js';

/** Options of {@link ouladSnapshot}. */
export interface OuladSnapshotOptions {
  /** The prediction day, relative to each presentation's start (e.g. 30 or 60). */
  readonly cutoffDay: number;
  /** Keep only enrolments whose presentation passes this test (e.g. `p => p.startsWith('2013')`). */
  readonly presentations?: (presentation: string) => boolean;
}

/** Who is labelled at a cutoff, their labels, and who was left out and why. */
export interface OuladSnapshot {
  /** The cutoff day used. */
  readonly cutoffDay: number;
  /** Enrolments still registered at the cutoff, in data order. */
  readonly enrolments: readonly OuladEnrolment[];
  /** `[enrolments]`: 1 if `final_result` is Withdrawn, else 0. */
  readonly withdrawn: Float32Array;
  /** Enrolments left out because they had unregistered on or before the cutoff. */
  readonly unregisteredByCutoff: number;
  /** Enrolments left out because they registered after the cutoff. */
  readonly registeredAfterCutoff: number;
}

/**
 * The withdrawal task at a cutoff day: every enrolment still registered at `cutoffDay`
 * (`date_unregistration` empty or after it, registered on or before it) labelled 1 when its
 * `final_result` is Withdrawn. The final result decides the label; `date_unregistration` only
 * decides who is still there (so the 93 Withdrawn rows without a date count as withdrawals and
 * the 9 Fail rows with a date as non-withdrawals).
 */
export function ouladSnapshot(data: OuladData, options: OuladSnapshotOptions): OuladSnapshot {
  const { cutoffDay } = options;
  if (!Number.isInteger(cutoffDay)) throw new ConfigError('cutoffDay', cutoffDay, 'an integer day relative to the presentation start');
  const keep = options.presentations ?? (() => true);
  const enrolments: OuladEnrolment[] = [];
  let unregisteredByCutoff = 0;
  let registeredAfterCutoff = 0;
  for (const e of data.enrolments) {
    if (!keep(e.presentation)) continue;
    if (e.unregistrationDay !== null && e.unregistrationDay <= cutoffDay) {
      unregisteredByCutoff++;
      continue;
    }
    if (e.registrationDay !== null && e.registrationDay > cutoffDay) {
      registeredAfterCutoff++;
      continue;
    }
    enrolments.push(e);
  }
  const withdrawn = Float32Array.from(enrolments, (e) => (e.finalResult === 'Withdrawn' ? 1 : 0));
  return { cutoffDay, enrolments, withdrawn, unregisteredByCutoff, registeredAfterCutoff };
}
