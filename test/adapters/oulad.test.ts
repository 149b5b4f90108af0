import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NotFittedError } from '../../src/errors.js';
import { OuladFeatures, OULAD_NUMERIC_NAMES, ouladSnapshot, ouladSteps, readOulad, type OuladEnrolment } from '../../src/adapters/index.js';

const DIR = fileURLToPath(new URL('../fixtures/oulad-mini/', import.meta.url));

/** An independent, naive parse of the fixture, to check the adapter's counts against. */
function rawRows(file: string): string[][] {
  return readFileSync(`${DIR}${file}`, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

function num(e: OuladEnrolment, features: OuladFeatures, assessments: Parameters<OuladFeatures['fit']>[0]['assessments'], name: string): number {
  const f = features.transform({ enrolments: [e], assessments });
  return f.statics[OULAD_NUMERIC_NAMES.indexOf(name as never)];
}

describe('readOulad', () => {
  it('joins the five tables per enrolment and cleans the known pitfalls', async () => {
    const data = await readOulad(DIR);
    expect(data.enrolments.length).toBe(rawRows('studentInfo.csv').length);
    expect(data.assessments.size).toBe(rawRows('assessments.csv').length);
    const submissions = data.enrolments.reduce((s, e) => s + e.submissions.length, 0);
    expect(submissions).toBe(rawRows('studentAssessment.csv').length);
    expect(data.enrolments.some((e) => e.imdBand === '10-20%')).toBe(true);
    expect(data.enrolments.every((e) => e.imdBand === null || e.imdBand.endsWith('%'))).toBe(true);
    expect(data.enrolments.filter((e) => e.imdBand === null).length).toBe(rawRows('studentInfo.csv').filter((r) => r[6] === '').length);
    const all = data.enrolments.flatMap((e) => e.submissions);
    expect(all.filter((s) => s.score === null).length).toBe(1);
    expect(all.filter((s) => s.banked).length).toBe(rawRows('studentAssessment.csv').filter((r) => r[3] === '1').length);
    expect(data.enrolments.filter((e) => e.registrationDay === null).length).toBe(1);
    expect(data.enrolments[0].key).toBe(`${data.enrolments[0].module}/${data.enrolments[0].presentation}/${data.enrolments[0].studentId}`);
  });
});

describe('ouladSnapshot', () => {
  it('labels only enrolments still registered at the cutoff, with final_result = Withdrawn', async () => {
    const data = await readOulad(DIR);
    const reg = rawRows('studentRegistration.csv');
    const info = new Map(rawRows('studentInfo.csv').map((r) => [`${r[0]}/${r[1]}/${r[2]}`, r[11]]));
    for (const cutoffDay of [30, 60]) {
      const snap = ouladSnapshot(data, { cutoffDay, presentations: (p) => p.startsWith('2014') });
      const in2014 = reg.filter((r) => r[1].startsWith('2014'));
      const gone = in2014.filter((r) => r[4] !== '' && Number(r[4]) <= cutoffDay).length;
      const late = in2014.filter((r) => r[3] !== '' && Number(r[3]) > cutoffDay && !(r[4] !== '' && Number(r[4]) <= cutoffDay)).length;
      expect(snap.unregisteredByCutoff).toBe(gone);
      expect(snap.registeredAfterCutoff).toBe(late);
      expect(snap.enrolments.length).toBe(in2014.length - gone - late);
      const withdrawn = snap.enrolments.filter((e) => info.get(e.key) === 'Withdrawn').length;
      expect(snap.withdrawn.reduce((s, v) => s + v, 0)).toBe(withdrawn);
      expect(withdrawn).toBeGreaterThan(0);
    }
    // A later cutoff can only remove enrolments.
    expect(ouladSnapshot(data, { cutoffDay: 60 }).enrolments.length).toBeLessThan(ouladSnapshot(data, { cutoffDay: 30 }).enrolments.length);
  });
});

describe('OuladFeatures', () => {
  it('never reads submissions dated after the cutoff; banked results count only as bankedResults', async () => {
    const data = await readOulad(DIR);
    const snap = ouladSnapshot(data, { cutoffDay: 30 });
    const input = { enrolments: snap.enrolments, assessments: data.assessments };
    const f = new OuladFeatures({ cutoffDay: 30 }).fit(input);
    const e = snap.enrolments.find((x) => x.submissions.length > 0 && !x.submissions.some((s) => s.banked))!;
    const a = [...data.assessments.values()].find((x) => x.module === e.module && x.presentation === e.presentation && x.type === 'TMA')!;
    const base = f.transform({ enrolments: [e], assessments: data.assessments });
    const later: OuladEnrolment = { ...e, submissions: [...e.submissions, { assessmentId: a.id, day: 31, banked: false, score: 100 }] };
    const after = f.transform({ enrolments: [later], assessments: data.assessments });
    expect(after.statics).toEqual(base.statics);
    expect(after.sequences).toEqual(base.sequences);
    const earlier: OuladEnrolment = { ...e, submissions: [...e.submissions, { assessmentId: a.id, day: 30, banked: false, score: 100 }] };
    expect(num(earlier, f, data.assessments, 'submitted')).not.toBeCloseTo(num(e, f, data.assessments, 'submitted'), 5);
    const banked: OuladEnrolment = { ...e, submissions: [...e.submissions, { assessmentId: a.id, day: -400, banked: true, score: 90 }] };
    expect(num(banked, f, data.assessments, 'bankedResults')).toBeGreaterThan(num(e, f, data.assessments, 'bankedResults'));
    expect(num(banked, f, data.assessments, 'submitted')).toBeCloseTo(num(e, f, data.assessments, 'submitted'), 6);
    expect(num(banked, f, data.assessments, 'meanScore')).toBeCloseTo(num(e, f, data.assessments, 'meanScore'), 6);
  });

  it('gives weekly sequences up to the cutoff and one-hots from the training vocabulary; JSON round trip', async () => {
    const data = await readOulad(DIR);
    const train = ouladSnapshot(data, { cutoffDay: 60, presentations: (p) => p.startsWith('2013') });
    const test = ouladSnapshot(data, { cutoffDay: 60, presentations: (p) => p.startsWith('2014') });
    const f = new OuladFeatures({ cutoffDay: 60 });
    expect(() => f.transform({ enrolments: test.enrolments, assessments: data.assessments })).toThrow(NotFittedError);
    f.fit({ enrolments: train.enrolments, assessments: data.assessments });
    const out = f.transform({ enrolments: test.enrolments, assessments: data.assessments });
    expect(ouladSteps(60)).toBe(13);
    expect(out.shape).toMatchObject({ users: test.enrolments.length, steps: 13, sequenceFeatures: 6 });
    expect(out.staticFeatureNames).toContain('module=AAA');
    expect(out.staticFeatureNames).toContain('module=DDD');
    expect(out.userIds).toEqual(test.enrolments.map((e) => e.key));
    expect(out.statics.every(Number.isFinite)).toBe(true);
    const g = OuladFeatures.fromJSON(JSON.parse(JSON.stringify(f.toJSON())));
    expect(g.transform({ enrolments: test.enrolments, assessments: data.assessments }).statics).toEqual(out.statics);
  });
});
