import type { OuladAssessment, OuladEnrolment } from './read-oulad.js';

/** Names of the weekly sequence channels, in order. */
export const OULAD_SEQUENCE_NAMES = ['submissions', 'meanScore', 'lateSubmissions', 'assessmentsDue', 'assessmentsMissed', 'registered'] as const;

/** Names of the numeric statics, in order (categorical one-hots follow them). */
export const OULAD_NUMERIC_NAMES = [
  'previousAttempts',
  'logStudiedCredits',
  'registrationDay',
  'registrationDayMissing',
  'presentationLength',
  'februaryStart',
  'imdDecile',
  'imdMissing',
  'disability',
  'submitted',
  'assessmentsDue',
  'assessmentsMissed',
  'submittedShare',
  'meanScore',
  'noScore',
  'weightedScore',
  'lateSubmissions',
  'meanDaysEarly',
  'daysSinceLastSubmission',
  'submittedLast14',
  'tmaSubmitted',
  'cmaSubmitted',
  'bankedResults',
] as const;

/** The categorical fields one-hot encoded with the vocabulary learned in fit. */
export const OULAD_CATEGORIES = ['module', 'gender', 'region', 'highestEducation', 'ageBand'] as const;

/** Weeks in the sequence for a cutoff: from four weeks before the start up to the cutoff. */
export function ouladSteps(cutoffDay: number): number {
  return Math.max(2, Math.ceil((cutoffDay + 28) / 7));
}

/**
 * The unscaled features of one enrolment at a cutoff. Only what is known on `cutoffDay` is
 * read: submissions dated after it are ignored, as are outcomes (final_result,
 * date_unregistration). Banked results (carried over from an earlier attempt) are known at
 * registration, so they count whatever their date, but only as `bankedResults` and as
 * "not missed", never as behaviour in the timeline.
 */
export function ouladRaw(
  e: OuladEnrolment,
  assessments: ReadonlyMap<string, OuladAssessment>,
  cutoffDay: number,
  out: { sequence: Float32Array; numeric: Float32Array },
): void {
  const T = ouladSteps(cutoffDay);
  const F = OULAD_SEQUENCE_NAMES.length;
  const firstDay = cutoffDay - 7 * T + 1;
  const week = (day: number) => Math.floor((day - firstDay) / 7);
  const seq = out.sequence;
  seq.fill(0);
  const scoreSum = new Float64Array(T);
  const scoreCount = new Float64Array(T);
  const done = new Set<string>();
  let submitted = 0, scoreTotal = 0, scored = 0, weighted = 0, weightTotal = 0, late = 0, early = 0;
  let last = -Infinity, last14 = 0, tma = 0, cma = 0, banked = 0;
  for (const s of e.submissions) {
    const a = assessments.get(s.assessmentId);
    if (s.banked) {
      banked++;
      done.add(s.assessmentId);
      continue;
    }
    if (s.day > cutoffDay) continue;
    done.add(s.assessmentId);
    submitted++;
    if (a?.type === 'TMA') tma++;
    if (a?.type === 'CMA') cma++;
    const w = Math.max(0, Math.min(T - 1, week(s.day)));
    seq[w * F] += 1;
    if (s.score !== null) {
      scoreSum[w] += s.score / 100;
      scoreCount[w]++;
      scoreTotal += s.score / 100;
      scored++;
      if (a && a.weight > 0) {
        weighted += (a.weight * s.score) / 100;
        weightTotal += a.weight;
      }
    }
    if (a?.dueDay != null) {
      if (s.day > a.dueDay) {
        late++;
        seq[w * F + 2] += 1;
      }
      early += a.dueDay - s.day;
    }
    last = Math.max(last, s.day);
    if (s.day > cutoffDay - 14) last14++;
  }
  let due = 0;
  let missed = 0;
  for (const a of assessments.values()) {
    if (a.module !== e.module || a.presentation !== e.presentation || a.dueDay === null || a.dueDay > cutoffDay) continue;
    if (a.type === 'Exam') continue;
    due++;
    const w = week(a.dueDay);
    const miss = done.has(a.id) ? 0 : 1;
    missed += miss;
    if (w >= 0 && w < T) {
      seq[w * F + 3] += 1;
      seq[w * F + 4] += miss;
    }
  }
  for (let t = 0; t < T; t++) {
    seq[t * F + 1] = scoreCount[t] > 0 ? scoreSum[t] / scoreCount[t] : 0;
    const weekEnd = firstDay + 7 * t + 6;
    seq[t * F + 5] = e.registrationDay === null || e.registrationDay <= weekEnd ? 1 : 0;
  }
  const n = out.numeric;
  let k = 0;
  n[k++] = e.previousAttempts;
  n[k++] = Math.log1p(e.studiedCredits);
  n[k++] = e.registrationDay ?? 0;
  n[k++] = e.registrationDay === null ? 1 : 0;
  n[k++] = e.presentationLength;
  n[k++] = e.presentation.endsWith('B') ? 1 : 0;
  n[k++] = e.imdBand === null ? 0 : Number.parseInt(e.imdBand, 10) / 10;
  n[k++] = e.imdBand === null ? 1 : 0;
  n[k++] = e.disability ? 1 : 0;
  n[k++] = submitted;
  n[k++] = due;
  n[k++] = missed;
  n[k++] = due > 0 ? (due - missed) / due : 1;
  n[k++] = scored > 0 ? scoreTotal / scored : 0;
  n[k++] = scored > 0 ? 0 : 1;
  n[k++] = weightTotal > 0 ? weighted / weightTotal : 0;
  n[k++] = late;
  n[k++] = submitted > 0 ? early / submitted : 0;
  n[k++] = Number.isFinite(last) ? cutoffDay - last : cutoffDay + 28;
  n[k++] = last14;
  n[k++] = tma;
  n[k++] = cma;
  n[k++] = banked;
}

/** The value of one categorical field of an enrolment. */
export function ouladCategory(e: OuladEnrolment, field: (typeof OULAD_CATEGORIES)[number]): string {
  return e[field];
}
