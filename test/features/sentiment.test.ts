import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LexiconSentimentScorer } from '../../src/features/index.js';

const FLOOR = 0.8;

/** The hand-written labelled sample: `label \t lang \t text`, `#` lines are comments. */
function loadSample(): { label: 'pos' | 'neg'; lang: 'en' | 'zh'; text: string }[] {
  const text = readFileSync(new URL('../fixtures/sentiment/comments.tsv', import.meta.url), 'utf8');
  return text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((line) => {
    const [label, lang, comment] = line.split('\t');
    return { label: label as 'pos' | 'neg', lang: lang as 'en' | 'zh', text: comment };
  });
}

describe('LexiconSentimentScorer', () => {
  const scorer = new LexiconSentimentScorer();

  it('handles negation, intensifiers and contrast in both languages', () => {
    expect(scorer.score('good')).toBeGreaterThan(0);
    expect(scorer.score('not good')).toBeLessThan(0);
    expect(scorer.score("don't like it")).toBeLessThan(0);
    expect(scorer.score('not bad')).toBeGreaterThan(0);
    expect(scorer.score('very good')).toBeGreaterThan(scorer.score('good'));
    expect(scorer.score('slightly good')).toBeLessThan(scorer.score('good'));
    expect(scorer.score('good content but boring delivery')).toBeLessThan(0);
    expect(scorer.score('好')).toBeGreaterThan(0);
    expect(scorer.score('不好')).toBeLessThan(0);
    expect(scorer.score('没有收获')).toBeLessThan(0);
    expect(scorer.score('不错')).toBeGreaterThan(0); // a word of its own, not 不 + 错
    expect(scorer.score('非常好')).toBeGreaterThan(scorer.score('好'));
    expect(scorer.score('有点好')).toBeLessThan(scorer.score('好'));
    expect(scorer.score('内容不错，但是太贵了')).toBeLessThan(0);
    expect(scorer.score('')).toBe(0);
    expect(scorer.score('第三章 chapter 3')).toBe(0);
    for (const t of ['terrible terrible terrible terrible', '太好了太好了太好了太好了']) expect(Math.abs(scorer.score(t))).toBeLessThanOrEqual(1);
  });

  it(`classifies the labelled sample (200+ comments, English and Chinese) above ${FLOOR}`, () => {
    const sample = loadSample();
    expect(sample.length).toBeGreaterThanOrEqual(200);
    const byLang: Record<string, { right: number; total: number }> = {};
    const wrong: string[] = [];
    for (const { label, lang, text } of sample) {
      const score = scorer.score(text);
      const ok = label === 'pos' ? score > 0 : score < 0;
      const slot = (byLang[lang] ??= { right: 0, total: 0 });
      slot.total++;
      if (ok) slot.right++;
      else wrong.push(`${label} ${score.toFixed(2)} ${text}`);
    }
    const right = Object.values(byLang).reduce((s, v) => s + v.right, 0);
    const accuracy = right / sample.length;
    console.log(`sentiment accuracy: ${(accuracy * 100).toFixed(1)}% of ${sample.length} ` +
      Object.entries(byLang).map(([lang, v]) => `${lang} ${(100 * v.right / v.total).toFixed(1)}% (${v.right}/${v.total})`).join(', '));
    console.log(`misclassified:\n  ${wrong.join('\n  ')}`);
    expect(accuracy).toBeGreaterThan(FLOOR);
    for (const v of Object.values(byLang)) expect(v.right / v.total).toBeGreaterThan(FLOOR - 0.05);
  });
});
