import { ValidationError, type Issue } from '../../errors.js';
import { readLines, splitCsvLine, type TextSource } from '../read-lines.js';
import { importNode } from '../../backend/runtime.js';

/** One assessment of a module presentation (assessments.csv). */
export interface OuladAssessment {
  /** `id_assessment`. */
  readonly id: string;
  /** `code_module`, e.g. `'AAA'`. */
  readonly module: string;
  /** `code_presentation`, e.g. `'2013J'`. */
  readonly presentation: string;
  /** `'TMA'`, `'CMA'` or `'Exam'`. */
  readonly type: string;
  /** Due day relative to the presentation start, or null when the file leaves it empty (mostly final exams). */
  readonly dueDay: number | null;
  /** Weight in percent. */
  readonly weight: number;
}

/** One submission (studentAssessment.csv), joined to its assessment. */
export interface OuladSubmission {
  /** The assessment submitted. */
  readonly assessmentId: string;
  /** Day submitted, relative to the presentation start. */
  readonly day: number;
  /** Carried over from an earlier attempt (`is_banked = 1`): known at registration, its day is not a behaviour. */
  readonly banked: boolean;
  /** Score 0..100, or null when the file has `?`. */
  readonly score: number | null;
}

/** One enrolment = (module, presentation, student), with demographics, registration and submissions. */
export interface OuladEnrolment {
  /** `module/presentation/student`: the entity key (a student can enrol several times). */
  readonly key: string;
  /** `code_module`. */
  readonly module: string;
  /** `code_presentation`. */
  readonly presentation: string;
  /** `id_student`. */
  readonly studentId: string;
  /** `gender`. */
  readonly gender: string;
  /** `region`. */
  readonly region: string;
  /** `highest_education`. */
  readonly highestEducation: string;
  /** `imd_band` with the `%` the file lacks on `10-20` restored, or null when empty. */
  readonly imdBand: string | null;
  /** `age_band`. */
  readonly ageBand: string;
  /** `num_of_prev_attempts`. */
  readonly previousAttempts: number;
  /** `studied_credits`. */
  readonly studiedCredits: number;
  /** `disability` is `Y`. */
  readonly disability: boolean;
  /** `final_result`: Pass, Fail, Distinction or Withdrawn. An outcome: never a feature. */
  readonly finalResult: string;
  /** Day registered (relative to start), or null when empty. */
  readonly registrationDay: number | null;
  /** Day unregistered, or null. An outcome: used only to decide who is still registered at a cutoff. */
  readonly unregistrationDay: number | null;
  /** The presentation's length in days (courses.csv). */
  readonly presentationLength: number;
  /** Submissions, in file order. */
  readonly submissions: OuladSubmission[];
}

/** The OULAD tables churnkit uses, joined per enrolment. */
export interface OuladData {
  /** Every enrolment of studentInfo.csv, in file order. */
  readonly enrolments: readonly OuladEnrolment[];
  /** Assessments by id. */
  readonly assessments: ReadonlyMap<string, OuladAssessment>;
}

/** One text source per OULAD table (file paths in Node, or streams). */
export interface OuladFiles {
  /** courses.csv. */
  readonly courses: TextSource;
  /** assessments.csv. */
  readonly assessments: TextSource;
  /** studentInfo.csv. */
  readonly studentInfo: TextSource;
  /** studentRegistration.csv. */
  readonly studentRegistration: TextSource;
  /** studentAssessment.csv. */
  readonly studentAssessment: TextSource;
}

/** Where each OULAD table comes from: a directory (Node) or one source per file. */
export type OuladSources = string | OuladFiles;

/**
 * Reads the OULAD tables (courses, assessments, studentInfo, studentRegistration,
 * studentAssessment; studentVle is not needed) line by line and joins them per enrolment.
 * Handles the pitfalls of the public copies: `?` scores, empty imd_band and dates, the
 * `10-20` band without `%`, quoted and unquoted CSV, CRLF line ends.
 */
export async function readOulad(sources: OuladSources): Promise<OuladData> {
  const src = typeof sources === 'string' ? await dirSources(sources) : sources;
  const issues: Issue[] = [];
  const lengths = new Map<string, number>();
  for await (const r of records(src.courses, 'courses', ['code_module', 'code_presentation', 'module_presentation_length'])) {
    lengths.set(`${r.code_module}/${r.code_presentation}`, Number(r.module_presentation_length));
  }
  const assessments = new Map<string, OuladAssessment>();
  for await (const r of records(src.assessments, 'assessments', ['code_module', 'code_presentation', 'id_assessment', 'assessment_type', 'date', 'weight'])) {
    assessments.set(r.id_assessment, {
      id: r.id_assessment,
      module: r.code_module,
      presentation: r.code_presentation,
      type: r.assessment_type,
      dueDay: r.date === '' ? null : Number(r.date),
      weight: Number(r.weight),
    });
  }
  const registration = new Map<string, [number | null, number | null]>();
  for await (const r of records(src.studentRegistration, 'studentRegistration', ['code_module', 'code_presentation', 'id_student', 'date_registration', 'date_unregistration'])) {
    registration.set(`${r.code_module}/${r.code_presentation}/${r.id_student}`, [optionalInt(r.date_registration), optionalInt(r.date_unregistration)]);
  }
  const enrolments: OuladEnrolment[] = [];
  const byKey = new Map<string, OuladEnrolment>();
  for await (const r of records(src.studentInfo, 'studentInfo', ['code_module', 'code_presentation', 'id_student', 'gender', 'region', 'highest_education', 'imd_band', 'age_band', 'num_of_prev_attempts', 'studied_credits', 'disability', 'final_result'])) {
    const key = `${r.code_module}/${r.code_presentation}/${r.id_student}`;
    const reg = registration.get(key) ?? [null, null];
    const length = lengths.get(`${r.code_module}/${r.code_presentation}`);
    if (length === undefined) {
      issues.push({ code: 'unknown_presentation', path: ['studentInfo', Number(r.__line)], message: `presentation ${r.code_module}/${r.code_presentation} is not in courses.csv` });
      continue;
    }
    const e: OuladEnrolment = {
      key,
      module: r.code_module,
      presentation: r.code_presentation,
      studentId: r.id_student,
      gender: r.gender,
      region: r.region,
      highestEducation: r.highest_education,
      imdBand: r.imd_band === '' ? null : r.imd_band.endsWith('%') ? r.imd_band : `${r.imd_band}%`,
      ageBand: r.age_band,
      previousAttempts: Number(r.num_of_prev_attempts),
      studiedCredits: Number(r.studied_credits),
      disability: r.disability === 'Y',
      finalResult: r.final_result,
      registrationDay: reg[0],
      unregistrationDay: reg[1],
      presentationLength: length,
      submissions: [],
    };
    enrolments.push(e);
    byKey.set(key, e);
  }
  for await (const r of records(src.studentAssessment, 'studentAssessment', ['id_student', 'id_assessment', 'date_submitted', 'is_banked', 'score'])) {
    const a = assessments.get(r.id_assessment);
    const e = a && byKey.get(`${a.module}/${a.presentation}/${r.id_student}`);
    if (!e) {
      if (issues.length < 1000) issues.push({ code: 'unknown_enrolment', path: ['studentAssessment', Number(r.__line)], message: `submission of student ${r.id_student} to assessment ${r.id_assessment} matches no enrolment` });
      continue;
    }
    e.submissions.push({ assessmentId: r.id_assessment, day: Number(r.date_submitted), banked: r.is_banked === '1', score: optionalInt(r.score) });
  }
  if (issues.length > 0) throw new ValidationError(issues, 'OULAD');
  return { enrolments, assessments };
}

function optionalInt(raw: string): number | null {
  if (raw === '' || raw === '?') return null;
  const v = Number(raw);
  return Number.isFinite(v) ? v : null;
}

async function* records(source: TextSource, name: string, required: string[]): AsyncGenerator<Record<string, string>> {
  let header: string[] | undefined;
  let lineNo = 0;
  for await (const line of readLines(source)) {
    lineNo++;
    if (header === undefined) {
      header = splitCsvLine(line.replace(/^\uFEFF/, ''));
      const missing = required.filter((c) => !header!.includes(c));
      if (missing.length > 0) {
        throw new ValidationError([{ code: 'missing_column', path: [name, 'header'], message: `no column(s) ${missing.join(', ')}; the header has [${header.join(', ')}]` }], name);
      }
      continue;
    }
    if (line.length === 0) continue;
    const fields = splitCsvLine(line);
    const row: Record<string, string> = { __line: String(lineNo) };
    header.forEach((h, i) => (row[h] = fields[i] ?? ''));
    yield row;
  }
}

async function dirSources(dir: string): Promise<OuladFiles> {
  const path = await importNode<typeof import('node:path')>('node:path');
  const f = (n: string) => path.join(dir, `${n}.csv`);
  return {
    courses: f('courses'),
    assessments: f('assessments'),
    studentInfo: f('studentInfo'),
    studentRegistration: f('studentRegistration'),
    studentAssessment: f('studentAssessment'),
  };
}
