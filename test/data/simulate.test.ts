import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { courseSchema, platformEventSchema, userSchema } from '../../src/data/schema.js';
import { generatePlatform, simulatePlatform, type SimulatedPlatform } from '../../src/data/index.js';

/** Rank AUC with average ranks for ties (kept local: the metrics module is separate). */
function rankAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) { positives++; rankSum += ranks[i]; }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * (n - positives));
}

describe('simulatePlatform', () => {
  it('is deterministic under a seed and changes with it', async () => {
    const a = await simulatePlatform({ users: 300, seed: 11 });
    const b = await simulatePlatform({ users: 300, seed: 11 });
    const c = await simulatePlatform({ users: 300, seed: 12 });
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    expect(JSON.stringify(a.users)).toBe(JSON.stringify(b.users));
    expect(JSON.stringify([...a.truth])).toBe(JSON.stringify([...b.truth]));
    expect(JSON.stringify(a.events)).not.toBe(JSON.stringify(c.events));
    expect([...a.truth.values()].map((t) => t.churnProbability)).not.toEqual([...c.truth.values()].map((t) => t.churnProbability));
  });

  it('gives each user the same events however many users are generated', async () => {
    const small = await simulatePlatform({ users: 50, seed: 5 });
    const large = await simulatePlatform({ users: 120, seed: 5 });
    const firstUsers = new Set(small.users.map((u) => u.userId));
    expect(small.users.map((u) => u.userId)).toEqual(large.users.slice(0, 50).map((u) => u.userId));
    expect(JSON.stringify(large.events.filter((e) => firstUsers.has(e.userId)))).toBe(JSON.stringify(small.events));
  });

  it('emits users, courses and events that pass the zod schemas, sorted by time', async () => {
    const p = await simulatePlatform({ users: 200, seed: 3, courses: 40 });
    expect(p.courses).toHaveLength(40);
    for (const course of p.courses) expect(courseSchema.parse(course)).toEqual(course);
    for (const user of p.users) expect(userSchema.parse(user)).toEqual(user);
    const types = new Set<string>();
    for (let i = 0; i < p.events.length; i += 7) {
      expect(platformEventSchema.parse(p.events[i])).toEqual(p.events[i]);
      types.add(p.events[i].type);
    }
    expect([...types].sort()).toEqual(['cancel', 'comment', 'purchase', 'refund', 'renew', 'subscribe', 'view'].filter((t) => types.has(t)).sort());
    expect(types.size).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < p.events.length; i++) expect(p.events[i].timestamp).toBeGreaterThanOrEqual(p.events[i - 1].timestamp);
    const signup = new Map(p.users.map((u) => [u.userId, u.signupAt]));
    const courseIds = new Set(p.courses.map((c) => c.courseId));
    for (const e of p.events) {
      expect(e.timestamp).toBeGreaterThanOrEqual(signup.get(e.userId)!);
      expect(e.timestamp).toBeLessThanOrEqual(p.cutoff + p.horizonDays * 86_400_000);
      if ('courseId' in e && e.courseId !== undefined) expect(courseIds.has(e.courseId)).toBe(true);
    }
    const texts = p.events.flatMap((e) => (e.type === 'comment' ? [e.text] : []));
    expect(texts.some((t) => /[\u4e00-\u9fff]/.test(t))).toBe(true);
    expect(texts.some((t) => /^[A-Za-z]/.test(t))).toBe(true);
  });

  it('never gives one user two comments at the same instant, so the log has no exact duplicates', async () => {
    // Comments on every session and 3 courses make late sessions collide: before the fix, comments
    // of sessions that ran past midnight all landed on the day's last millisecond (3 here, 1 an exact
    // duplicate event that readEvents rejected).
    const p = await simulatePlatform({ users: 3000, seed: 4, courses: 3, process: { commentRate: 1 } });
    const seen = new Set<string>();
    let comments = 0;
    let collisions = 0;
    for (const e of p.events) {
      if (e.type !== 'comment') continue;
      comments++;
      const key = `${e.userId}|${e.timestamp}`;
      if (seen.has(key)) collisions++;
      seen.add(key);
    }
    expect(comments).toBeGreaterThan(100_000);
    expect(collisions).toBe(0);
  });

  it('streams the same users generatePlatform yields, per user sorted by time', async () => {
    const stream = generatePlatform({ users: 40, seed: 9 });
    expect(stream.courses.length).toBe(200);
    const chunks = [...stream];
    const again: string[] = [];
    for await (const chunk of stream) again.push(chunk.user.userId);
    expect(again).toEqual(chunks.map((c) => c.user.userId));
    const whole = await simulatePlatform({ users: 40, seed: 9 });
    expect(chunks.reduce((n, c) => n + c.events.length, 0)).toBe(whole.events.length);
    for (const chunk of chunks) {
      for (let i = 1; i < chunk.events.length; i++) expect(chunk.events[i].timestamp).toBeGreaterThanOrEqual(chunk.events[i - 1].timestamp);
      expect(whole.truth.get(chunk.user.userId)).toEqual(chunk.truth);
    }
  });

  it('states the truth as a function of the log alone (docs/simulator.md equations, users without recent comments)', async () => {
    const p = await simulatePlatform({ users: 600, seed: 5 });
    const DAY = 86_400_000;
    const sigma = (x: number) => 1 / (1 + Math.exp(-x));
    // E[σ(x + 0.5 Z)] by a fine trapezoid rule, independent of the simulator's quadrature.
    const smooth = (x: number) => {
      let sum = 0;
      let weight = 0;
      for (let z = -8; z <= 8; z += 0.01) {
        const w = Math.exp(-z * z / 2);
        sum += w * sigma(x + 0.5 * z);
        weight += w;
      }
      return sum / weight;
    };
    type Log = { views: number[]; watch: number[]; recentComments: number; member?: { plan: string; autoRenew: boolean; expiresAt: number } };
    const logs = new Map<string, Log>(p.users.map((u) => [u.userId, { views: new Array(12).fill(0), watch: new Array(12).fill(0), recentComments: 0 }]));
    for (const e of p.events) {
      if (e.timestamp > p.cutoff) continue;
      const log = logs.get(e.userId)!;
      const week = Math.floor((-1 - Math.floor((e.timestamp - p.cutoff) / DAY)) / 7);
      if (e.type === 'view' && week < 12) {
        log.views[week]++;
        log.watch[week] += e.watchSeconds ?? 0;
      } else if (e.type === 'comment' && week < 8) log.recentComments++;
      else if (e.type === 'subscribe' || e.type === 'renew') log.member = { plan: e.plan!, autoRenew: e.autoRenew!, expiresAt: e.expiresAt! };
    }
    let checked = 0;
    for (const user of p.users) {
      const log = logs.get(user.userId)!;
      if (log.recentComments > 0) continue;
      const signupDay = (user.signupAt - p.cutoff) / DAY;
      const v = log.views;
      const recentLog = (Math.log1p(v[0]) + Math.log1p(v[1])) / 2;
      const earlier = v.slice(2, Math.min(8, Math.floor(-signupDay / 7))).map((x) => Math.log1p(x));
      const decline = earlier.length > 0 ? recentLog - earlier.reduce((a, b) => a + b, 0) / earlier.length : 0;
      const depths = [0, 1, 2, 3].filter((j) => v[j] > 0).map((j) => Math.log1p(log.watch[j]) - Math.log1p(v[j]));
      const watch = depths.length > 0 ? depths.reduce((a, b) => a + b, 0) / depths.length - Math.log(400) : 0;
      const recent = recentLog - Math.log1p(3.5);
      const m = log.member;
      const expiring = m !== undefined && m.expiresAt <= p.cutoff + p.horizonDays * DAY;
      const membership = m ? (m.autoRenew ? -0.6 : 0.2 + (expiring ? 0.3 : 0)) + (m.plan === 'yearly' ? -0.5 : 0) : 0.3;
      const profile = (signupDay > -30 ? 0.3 : 0) + (user.channel === 'ads' ? 0.4 : 0);
      const stayChurn = smooth(-1.3 - 1.0 * recent - 2.0 * decline - 0.6 * watch + membership + profile);
      const noiseChurn = sigma(-0.75);
      const truth = p.truth.get(user.userId)!;
      expect(truth.churnProbability).toBeCloseTo(0.1 * noiseChurn + 0.9 * stayChurn, 3);
      if (expiring) {
        const stayRenew = smooth(0.3 + 1.8 * (m.autoRenew ? 1 : 0) + 0.5 * recent + 0.8 * decline + 0.3 * watch);
        expect(truth.renewProbability).toBeCloseTo(0.1 * (1 - noiseChurn) * 0.6 + 0.9 * (1 - stayChurn) * stayRenew, 3);
      } else expect(truth.renewProbability).toBeNull();
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    expect(() => generatePlatform({ users: 0 })).toThrow(ConfigError);
    expect(() => generatePlatform({ users: 1.5 })).toThrow(/users/);
    expect(() => generatePlatform({ cutoff: 'soon' })).toThrow(/cutoff/);
    expect(() => generatePlatform({ noiseShare: 2 })).toThrow(/noiseShare/);
    expect(() => generatePlatform({ process: { signal: -1 } })).toThrow(/process\.signal/);
    expect(() => generatePlatform({ process: { sigal: 1 } as never })).toThrow(/process\.sigal/);
    expect(() => generatePlatform({ userz: 3 } as never)).toThrow(/userz/);
  });

  describe('on 20,000 users', () => {
    let p: SimulatedPlatform;
    beforeAll(async () => {
      p = await simulatePlatform({ users: 20_000, seed: 2024 });
    });

    it('has churn and renewal rates in the documented ranges (docs/simulator.md)', () => {
      const truth = [...p.truth.values()];
      const churnRate = truth.reduce((s, t) => s + t.churn, 0) / truth.length;
      const expiring = truth.filter((t) => t.renew !== null);
      const renewRate = expiring.reduce((s, t) => s + (t.renew ?? 0), 0) / expiring.length;
      expect(churnRate).toBeGreaterThanOrEqual(0.28);
      expect(churnRate).toBeLessThanOrEqual(0.45);
      expect(expiring.length / truth.length).toBeGreaterThan(0.25);
      expect(renewRate).toBeGreaterThanOrEqual(0.4);
      expect(renewRate).toBeLessThanOrEqual(0.65);
      // The drawn outcomes agree with the stated probabilities (calibration in the large).
      const meanProbability = truth.reduce((s, t) => s + t.churnProbability, 0) / truth.length;
      expect(Math.abs(meanProbability - churnRate)).toBeLessThan(0.015);
    });

    it('has an oracle AUC in the documented range, for churn and for renewal', () => {
      const truth = [...p.truth.values()];
      const churnAuc = rankAuc(truth.map((t) => t.churn), truth.map((t) => t.churnProbability));
      expect(churnAuc).toBeGreaterThanOrEqual(0.8);
      expect(churnAuc).toBeLessThanOrEqual(0.9);
      const expiring = truth.filter((t) => t.renew !== null);
      const renewAuc = rankAuc(expiring.map((t) => t.renew ?? 0), expiring.map((t) => t.renewProbability ?? 0));
      expect(renewAuc).toBeGreaterThan(0.75);
    });

    it('has the asked share of pure-noise users, whose outcome ignores their history', () => {
      const truth = [...p.truth.values()];
      const noise = truth.filter((t) => t.noise);
      const others = truth.filter((t) => !t.noise);
      expect(noise.length / truth.length).toBeGreaterThan(0.09);
      expect(noise.length / truth.length).toBeLessThan(0.11);
      // Noise users churn at σ(−0.75) ≈ 0.32 whatever their log shows: the truth (P(churn | log),
      // which cannot tell them apart) ranks them no better than chance, and everyone else well.
      const noiseRate = noise.reduce((s, t) => s + t.churn, 0) / noise.length;
      expect(Math.abs(noiseRate - 0.3208)).toBeLessThan(0.04);
      const noiseAuc = rankAuc(noise.map((t) => t.churn), noise.map((t) => t.churnProbability));
      expect(Math.abs(noiseAuc - 0.5)).toBeLessThan(0.05);
      expect(rankAuc(others.map((t) => t.churn), others.map((t) => t.churnProbability))).toBeGreaterThan(noiseAuc + 0.3);
      expect(new Set(truth.map((t) => t.churnProbability)).size).toBeGreaterThan(truth.length * 0.8);
    });

    it('puts a signal in the history: activity in the last 14 days predicts churn better than the history average', () => {
      const day = 86_400_000;
      const total = new Map<string, number>();
      const recent = new Map<string, number>();
      for (const e of p.events) {
        if (e.timestamp > p.cutoff || (e.type !== 'view' && e.type !== 'comment' && e.type !== 'purchase')) continue;
        total.set(e.userId, (total.get(e.userId) ?? 0) + 1);
        if (e.timestamp > p.cutoff - 14 * day) recent.set(e.userId, (recent.get(e.userId) ?? 0) + 1);
      }
      const y: number[] = [];
      const averageScore: number[] = [];
      const recentScore: number[] = [];
      for (const u of p.users) {
        const days = Math.min(120, (p.cutoff - u.signupAt) / day);
        const average = (total.get(u.userId) ?? 0) / days;
        y.push(p.truth.get(u.userId)!.churn);
        averageScore.push(-average);
        recentScore.push(-(recent.get(u.userId) ?? 0) / 14);
      }
      const aucAverage = rankAuc(y, averageScore);
      const aucRecent = rankAuc(y, recentScore);
      expect(aucAverage).toBeGreaterThan(0.55);
      expect(aucRecent).toBeGreaterThan(aucAverage + 0.03);
    });
  });
});
